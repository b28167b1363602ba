package io.zbuf.host;

import io.zbuf.core.kernel.KernelClock;
import io.zbuf.core.kernel.SystemKernelClock;
import io.zbuf.core.user.HeldBuffer;
import io.zbuf.core.user.ZbufConsumer;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.Device;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.TimestampFormat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kernel host for one test and the descriptors opened on it, closed together; and the bounded waits the
 * tests of this package share. No test asserts how fast anything is: {@link #LIVENESS} only bounds how
 * long something that must happen may take.
 */
final class HostFixture implements AutoCloseable {
    /** Upper bound for anything that must eventually happen. */
    static final Duration LIVENESS = Duration.ofSeconds(20);
    /** A wait no test lets run out: a reader waiting this long must be woken by something else. */
    static final Duration LONGER_THAN_ANY_TEST = Duration.ofHours(1);
    private static final AtomicInteger NAMES = new AtomicInteger();

    final KernelHost host;
    private final List<HostedDevice> opened = new ArrayList<>();

    HostFixture() {
        this(SystemKernelClock.INSTANCE);
    }

    HostFixture(KernelClock clock) {
        host = new KernelHost(clock, "test-kernel");
    }

    /** Creates an interface with a fresh name fed by {@code source}. */
    String newInterface(String source) throws BpfException {
        String name = "t" + NAMES.incrementAndGet();
        host.createInterface(name, source);
        return name;
    }

    /** The kernel's own record of an interface, looked up on the kernel thread. */
    HostedInterface hosted(String name) throws BpfException {
        return host.call(() -> host.lookup(name));
    }

    /** When the interface's next packet is due, read on the kernel thread; {@link Long#MAX_VALUE} for never. */
    long nextDue(HostedInterface hosted) throws BpfException {
        return host.call(hosted::nextDueNanos);
    }

    /** Opens a descriptor, closed with the fixture. */
    HostedDevice open() {
        HostedDevice device = host.open(new AlignedBufferMemory(4096));
        opened.add(device);
        return device;
    }

    /**
     * Opens a descriptor, lends it two buffers of {@code pages} pages, applies {@code setup} and attaches it
     * to the interface {@code interfaceName}.
     */
    Attached attach(String interfaceName, int pages, Setup setup) throws BpfException {
        HostedDevice device = open();
        BpfZbuf zbuf = lend(device, pages);
        setup.apply(device);
        device.setInterface(interfaceName);
        return new Attached(device, zbuf);
    }

    /** A descriptor attached by {@link #attach} and the buffers it was lent. */
    record Attached(HostedDevice device, BpfZbuf zbuf) {
    }

    /** Ioctls for a descriptor before it attaches. */
    @FunctionalInterface
    interface Setup {
        Setup NONE = device -> { };
        Setup IMMEDIATE = device -> device.setImmediate(true);

        void apply(HostedDevice device) throws BpfException;
    }

    /** A reader waiting on another thread for a time no test lets run out, once it is blocked in the wait. */
    static Blocking<Boolean> blockedReader(Device device) {
        return reader(device).awaitBlockedIn(ReadinessSignal.class, "awaitChange");
    }

    /** A reader waiting on another thread for a time no test lets run out: something else must wake it. */
    static Blocking<Boolean> reader(Device device) {
        return Blocking.start(() -> device.awaitReadable(LONGER_THAN_ANY_TEST));
    }

    /** Zero-copy mode and two buffers of {@code pages} pages lent to the kernel. */
    static BpfZbuf lend(Device device, int pages) throws BpfException {
        device.setBufferMode(BufferMode.ZBUF);
        int length = pages * device.bufferMemory().pageSize();
        BpfZbuf zbuf = new BpfZbuf(device.bufferMemory().allocate(length), device.bufferMemory().allocate(length), length);
        device.setZbuf(zbuf);
        return zbuf;
    }

    /** Waits, boundedly, until the descriptor has received {@code packets} packets. */
    static void awaitReceived(Device device, long packets) throws BpfException {
        await(() -> {
            try {
                return device.stats().received() >= packets;
            } catch (BpfException e) {
                throw new IllegalStateException(e);
            }
        }, "received " + packets + " packets");
    }

    /**
     * Reads every record, libpcap-style, until the interface went away and nothing is left.
     *
     * @return each record's caplen/datalen, in order
     */
    static List<String> readUntilGone(Device device, BpfZbuf zbuf) throws Exception {
        ZbufConsumer consumer = new ZbufConsumer(zbuf, TimestampFormat.MICROTIME);
        List<String> records = new ArrayList<>();
        while (true) {
            HeldBuffer held = consumer.poll();
            if (held == null) {
                try {
                    assertThat(device.awaitReadable(LIVENESS)).as("readable or gone in time").isTrue();
                } catch (InterfaceGoneException gone) {
                    return records;
                }
                device.rotateZbuf();
                continue;
            }
            held.forEach(record -> records.add(record.caplen() + "/" + record.datalen()));
            held.acknowledge();
        }
    }

    /** Waits, boundedly, until {@code condition} holds. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + LIVENESS.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("%s in time", what).isNegative();
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
        }
    }

    @Override
    public void close() {
        for (HostedDevice device : opened) {
            device.close();
        }
        host.close();
    }
}
