/**
 * tcpdump's filter language in Java: {@link io.zbuf.core.pcap.filter.FilterCompiler} compiles a
 * pcap-filter(7) expression for a link type and snap length into a validated classic BPF program (the
 * user side's counterpart of libpcap's {@code pcap_compile}; the kernel side's interpreter is
 * {@link io.zbuf.core.filter.BpfFilter}); {@link io.zbuf.core.pcap.filter.ProgramDump} prints a program as
 * tcpdump's {@code -d}, {@code -dd} and {@code -ddd}. See docs/filters.md.
 */
package io.zbuf.core.pcap.filter;
