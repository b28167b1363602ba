/**
 * The C library as the live source sees it ({@link io.zbuf.afpacket.libc.LinuxLibc}) and the layouts of the
 * structures it passes, one final class each, with Linux's errno ({@link io.zbuf.afpacket.libc.LinuxErrno}).
 */
package io.zbuf.afpacket.libc;
