/**
 * Where the kernel side's packets come from: {@link io.zbuf.core.source.PacketSource} and its synthetic and
 * pcap-replay implementations, {@link io.zbuf.core.source.SourceSpec} to name one on a command line, and
 * {@link io.zbuf.core.source.SequenceNumbers} / {@link io.zbuf.core.source.SequenceChecker} to verify delivery.
 */
package io.zbuf.core.source;
