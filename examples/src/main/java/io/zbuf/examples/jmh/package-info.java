/**
 * JMH micro-benchmarks of the per-packet paths, run with {@code zbuf jmh}: scatter-gather append against a
 * contiguous copy ({@link io.zbuf.examples.jmh.ScatterGatherBenchmark}), the kernel side's tap
 * ({@link io.zbuf.examples.jmh.TapBenchmark}), the header hand-off
 * ({@link io.zbuf.examples.jmh.HandOffBenchmark}) and the user side's record walk
 * ({@link io.zbuf.examples.jmh.RecordWalkBenchmark}). JMH subclasses every benchmark and state class, so
 * those cannot be final.
 */
package io.zbuf.examples.jmh;
