/**
 * Capture files: {@link io.zbuf.core.pcap.PcapReader} reads classic pcap and pcapng without allocating per
 * packet, {@link io.zbuf.core.pcap.PcapWriter} writes classic pcap, and a damaged file is reported as a
 * {@link io.zbuf.core.pcap.PcapFormatException} naming the file, the byte offset and the problem.
 */
package io.zbuf.core.pcap;
