/**
 * JNA bindings for the part of FreeBSD's C library that bpf zero-copy capture needs: {@link io.zbuf.freebsd.libc.BsdLibc},
 * the ioctl numbers ({@link io.zbuf.freebsd.libc.BpfIoctl}) and the structures the ioctls carry, laid out as on
 * FreeBSD amd64.
 */
package io.zbuf.freebsd.libc;
