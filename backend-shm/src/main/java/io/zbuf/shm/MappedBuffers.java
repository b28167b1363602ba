package io.zbuf.shm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * What the JDK does not say about a direct buffer: where its memory starts, and how to unmap a mapping now instead
 * of at garbage collection. From JDK 22 the address comes from the foreign-memory API
 * ({@code MemorySegment.ofBuffer(buffer).address()}, looked up at run time since zbuf is built for Java 17); before,
 * and for unmapping, from {@code sun.misc.Unsafe}, the way Agrona's {@code BufferUtil} reads them. JDK 24 and later
 * warn about Unsafe's memory-access methods, so the address never uses them there.
 */
public final class MappedBuffers {
    /** The first JDK whose foreign-memory API is final. */
    static final int FOREIGN_MEMORY_FEATURE = 22;

    /** {@code (ByteBuffer) -> long}: the address. */
    private static final MethodHandle ADDRESS;
    private static final MethodHandle INVOKE_CLEANER;

    static {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            Object unsafe = theUnsafe.get(null);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            INVOKE_CLEANER = lookup.findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class)).bindTo(unsafe);
            ADDRESS = Runtime.version().feature() >= FOREIGN_MEMORY_FEATURE ? foreignAddress(lookup) : unsafeAddress(lookup, unsafeClass, unsafe);
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code MemorySegment.ofBuffer(buffer).address()}. */
    private static MethodHandle foreignAddress(MethodHandles.Lookup lookup) throws ReflectiveOperationException {
        Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
        MethodHandle ofBuffer = lookup.findStatic(segment, "ofBuffer", MethodType.methodType(segment, Buffer.class));
        MethodHandle address = lookup.findVirtual(segment, "address", MethodType.methodType(long.class));
        return MethodHandles.filterReturnValue(ofBuffer, address).asType(MethodType.methodType(long.class, ByteBuffer.class));
    }

    /** {@code unsafe.getLong(buffer, offset of Buffer.address)}. */
    private static MethodHandle unsafeAddress(MethodHandles.Lookup lookup, Class<?> unsafeClass, Object unsafe) throws Throwable {
        MethodHandle getLong = lookup.findVirtual(unsafeClass, "getLong", MethodType.methodType(long.class, Object.class, long.class)).bindTo(unsafe);
        long offset = (long) lookup.findVirtual(unsafeClass, "objectFieldOffset", MethodType.methodType(long.class, Field.class))
                .invoke(unsafe, Buffer.class.getDeclaredField("address"));
        return MethodHandles.insertArguments(getLong, 1, offset).asType(MethodType.methodType(long.class, ByteBuffer.class));
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
            return (long) ADDRESS.invokeExact(direct);
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
