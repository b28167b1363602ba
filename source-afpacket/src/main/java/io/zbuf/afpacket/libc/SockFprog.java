package io.zbuf.afpacket.libc;

import com.sun.jna.Memory;

/**
 * {@code struct sock_fprog}, the argument of {@code SO_ATTACH_FILTER}, with its {@code struct sock_filter}s.
 *
 * <pre>
 * sock_fprog:  0 len (u16)   8 filter (pointer)                          (16 bytes on LP64)
 * sock_filter: 0 code (u16)  2 jt (u8)  3 jf (u8)  4 k (u32)             (8 bytes each)
 * </pre>
 */
public final class SockFprog {
    /** {@code sizeof(struct sock_fprog)} on LP64. */
    public static final int LENGTH = 16;
    public static final int FILTER_OFFSET = 8;
    /** {@code sizeof(struct sock_filter)}. */
    public static final int INSTRUCTION_LENGTH = 8;
    /** {@code BPF_RET | BPF_K}. */
    public static final int RET_K = 0x06;

    private SockFprog() {
    }

    /**
     * The one-instruction program {@code ret #0}: the socket takes no packet. The instruction is the memory right
     * after the header, so the one allocation holds both.
     */
    public static Memory rejectAll() {
        Memory program = new Memory(LENGTH + INSTRUCTION_LENGTH);
        program.clear();
        program.setShort(0, (short) 1);
        program.setPointer(FILTER_OFFSET, program.share(LENGTH));
        program.setShort(LENGTH, (short) RET_K);
        return program;
    }
}
