/**
 * {@code zbuf bench}: zbuf against what a user would pick instead (Aeron IPC, an Agrona ring buffer over a
 * memory-mapped file), in-process and across processes, every run checked by sequence numbers at the receiver.
 *
 * <p>A {@link io.zbuf.examples.bench.Transport} opens a {@link io.zbuf.examples.bench.Transport.Session} per
 * message size; each {@link io.zbuf.examples.bench.Transport.Session#nextRun() run} is received through a
 * {@link io.zbuf.examples.bench.RunReceiver}, which times it and checks that delivered + dropped = sent, in
 * order, without duplicates; {@link io.zbuf.examples.bench.Benchmark} repeats the runs and
 * {@link io.zbuf.examples.bench.BenchTable} prints medians, extremes and the zbuf/Aeron ratios.
 */
package io.zbuf.examples.bench;
