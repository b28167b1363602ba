package io.zbuf.core.layout;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Layout of {@code struct bpf_zbuf_header}, the 32 bytes at the start of each zero-copy buffer, and the
 * ordered accesses the protocol requires on it.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  bzh_kernel_gen (kernel, release)             |  0
 *  +---------------------------------------------------------------+
 *  |                  bzh_kernel_len (kernel, plain)               |  4
 *  +---------------------------------------------------------------+
 *  |                  bzh_user_gen   (user, release)               |  8
 *  +---------------------------------------------------------------+
 *  |                  padding, 5 x u32, zero                       | 12..31
 *  +---------------------------------------------------------------+
 *  |                  records ...                                  | 32
 * </pre>
 *
 * <p>Memory ordering: the kernel writes {@code kernel_len} plainly, then {@link #releaseKernelGen} publishes
 * it; the user {@link #acquireKernelGen}s before it reads {@code kernel_len} or any record. The user
 * acknowledges with {@link #releaseUserGen} after its last read of the data; the kernel
 * {@link #acquireUserGen}s before it writes again. All fields are in native byte order, whatever order the
 * {@link ByteBuffer} object is set to.
 */
public final class ZbufHeader {
    /** Offset of {@code bzh_kernel_gen}. */
    public static final int KERNEL_GEN_OFFSET = 0;
    /** Offset of {@code bzh_kernel_len}. */
    public static final int KERNEL_LEN_OFFSET = 4;
    /** Offset of {@code bzh_user_gen}. */
    public static final int USER_GEN_OFFSET = 8;
    /** Offset of the first of the five padding words. */
    public static final int PADDING_OFFSET = 12;
    /** {@code sizeof(struct bpf_zbuf_header)}: records start here. */
    public static final int LENGTH = 32;

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private ZbufHeader() {
    }

    /** Kernel side: the generation, read by its only writer. */
    public static int kernelGen(ByteBuffer buffer) {
        return (int) INT.get(buffer, KERNEL_GEN_OFFSET);
    }

    /** User side: the generation, with acquire semantics, before reading anything the kernel published. */
    public static int acquireKernelGen(ByteBuffer buffer) {
        return (int) INT.getAcquire(buffer, KERNEL_GEN_OFFSET);
    }

    /** Kernel side: publishes {@code kernel_len} and the records with a release store of the generation. */
    public static void releaseKernelGen(ByteBuffer buffer, int generation) {
        INT.setRelease(buffer, KERNEL_GEN_OFFSET, generation);
    }

    /** Bytes of records after the header; read only after {@link #acquireKernelGen}. Never trusted. */
    public static int kernelLen(ByteBuffer buffer) {
        return (int) INT.get(buffer, KERNEL_LEN_OFFSET);
    }

    /** Kernel side: the length, written before {@link #releaseKernelGen}. */
    public static void kernelLen(ByteBuffer buffer, int length) {
        INT.set(buffer, KERNEL_LEN_OFFSET, length);
    }

    /** Kernel side: whether the user has acknowledged, with acquire semantics. */
    public static int acquireUserGen(ByteBuffer buffer) {
        return (int) INT.getAcquire(buffer, USER_GEN_OFFSET);
    }

    /** User side: the generation it last acknowledged, read by its only writer. */
    public static int userGen(ByteBuffer buffer) {
        return (int) INT.get(buffer, USER_GEN_OFFSET);
    }

    /** User side: hands the buffer back with a release store, after the last read of its records. */
    public static void releaseUserGen(ByteBuffer buffer, int generation) {
        INT.setRelease(buffer, USER_GEN_OFFSET, generation);
    }

    /** Zeroes all 32 bytes, as both sides do at setup. */
    public static void clear(ByteBuffer buffer) {
        for (int offset = 0; offset < LENGTH; offset += Integer.BYTES) {
            INT.set(buffer, offset, 0);
        }
        VarHandle.releaseFence();
    }
}
