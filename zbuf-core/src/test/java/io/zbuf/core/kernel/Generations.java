package io.zbuf.core.kernel;

import io.zbuf.core.layout.ZbufHeader;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Puts a descriptor's generation counters (zbuf's own copies and both header fields) near the end of their 32-bit
 * range, so that a test crosses 2^32 without 2^32 hand-offs. Test code only: it reaches the private state of
 * {@link ZbufSlots} by reflection, after BIOCSETZBUF and before the first hand-off, as a kernel that had run for
 * that long would have left it.
 */
final class Generations {
    private Generations() {
    }

    static void startAt(BpfDescriptor descriptor, int generation) {
        ZbufSlots slots = (ZbufSlots) field(BpfDescriptor.class, "slots", descriptor);
        int[] generations = (int[]) field(ZbufSlots.class, "generations", slots);
        ByteBuffer[] headers = (ByteBuffer[]) field(ZbufSlots.class, "headers", slots);
        for (int i = 0; i < generations.length; i++) {
            generations[i] = generation;
            ZbufHeader.releaseKernelGen(headers[i], generation);
            ZbufHeader.releaseUserGen(headers[i], generation);
        }
    }

    private static Object field(Class<?> type, String name, Object instance) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(instance);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot reach " + type.getSimpleName() + "." + name + ": " + e, e);
        }
    }
}
