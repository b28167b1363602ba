package io.zbuf.shm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * What the JDK does not say about a direct buffer, read the way Agrona's {@code BufferUtil} does through
 * {@code sun.misc.Unsafe}: where its memory starts, and how to unmap a mapping now instead of at garbage
 * collection.
 */
public final class MappedBuffers {
    private static final MethodHandle GET_LONG;
    private static final MethodHandle INVOKE_CLEANER;
    private static final long ADDRESS_OFFSET;

    static {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            Object unsafe = theUnsafe.get(null);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            GET_LONG = lookup.findVirtual(unsafeClass, "getLong", MethodType.methodType(long.class, Object.class, long.class)).bindTo(unsafe);
            INVOKE_CLEANER = lookup.findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class)).bindTo(unsafe);
            ADDRESS_OFFSET = (long) lookup.findVirtual(unsafeClass, "objectFieldOffset", MethodType.methodType(long.class, Field.class))
                    .invoke(unsafe, Buffer.class.getDeclaredField("address"));
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private MappedBuffers() {
    }

    /**
     * The address of the first byte of a direct buffer.
     *
     * @throws IllegalArgumentException for a heap buffer
     */
    public static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("a heap buffer has no address");
        }
        try {
            return (long) GET_LONG.invokeExact((Object) direct, ADDRESS_OFFSET);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read a buffer's address", e);
        }
    }

    /**
     * Unmaps a mapped buffer now. Any later access to it, or to a view of it, crashes the JVM: only for memory
     * nobody uses any more.
     *
     * @throws IllegalArgumentException for a view of a buffer (a slice, a duplicate)
     */
    public static void unmap(ByteBuffer mapped) {
        try {
            INVOKE_CLEANER.invokeExact(mapped);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot unmap " + mapped, e);
        }
    }
}
