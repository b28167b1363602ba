package io.zbuf.host;

import io.zbuf.spi.BpfException;

/** Work a user thread hands to the kernel thread: an ioctl, an attach, a poll. */
@FunctionalInterface
interface KernelCall<T> {
    T run() throws BpfException;
}
