/**
 * The FreeBSD backend: {@code /dev/bpf} in zero-copy mode through JNA ({@link io.zbuf.freebsd.FreeBsdBackend},
 * {@link io.zbuf.freebsd.FreeBsdDevice}), with the availability probe {@link io.zbuf.freebsd.FreeBsdAvailability}.
 * The buffers are anonymous mappings read by zbuf-core's consumer, the same code as for every backend.
 */
package io.zbuf.freebsd;
