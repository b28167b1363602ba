package io.zbuf.core.pcap;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/** The JVM's direct buffers, as its management interface counts them: what a reader's window takes. */
final class DirectMemory {
    private static final BufferPoolMXBean DIRECT = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();

    private DirectMemory() {
    }

    /** Bytes of direct buffers allocated and not yet freed. */
    static long used() {
        return DIRECT.getMemoryUsed();
    }
}
