package io.zbuf.freebsd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** The few calls of the Linux C library (x86-64) that the fake FreeBSD kernel makes for real: memory mappings. */
interface LinuxLibc extends Library {
    /** Linux {@code MAP_SHARED}. */
    int MAP_SHARED = 0x01;
    /** Linux {@code MAP_PRIVATE}. */
    int MAP_PRIVATE = 0x02;
    /** Linux {@code MAP_ANONYMOUS}. */
    int MAP_ANONYMOUS = 0x20;

    /** This machine's C library. */
    LinuxLibc INSTANCE = Native.load("c", LinuxLibc.class);

    Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset) throws LastErrorException;

    int munmap(Pointer address, long length) throws LastErrorException;
}
