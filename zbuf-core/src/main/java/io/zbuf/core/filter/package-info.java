/**
 * Classic BPF, the kernel side of BIOCSETF: {@link io.zbuf.core.filter.BpfFilter} validates a program as
 * FreeBSD's {@code bpf_validate()} does and runs it over a {@link io.zbuf.core.kernel.Packet} fragment chain as
 * {@code bpf_filter()} does; {@link io.zbuf.core.filter.BpfOpcodes} names the instruction encoding of
 * {@code <net/bpf.h>}.
 */
package io.zbuf.core.filter;
