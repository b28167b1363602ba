package io.zbuf.host;


import io.zbuf.core.kernel.SystemKernelClock;
import io.zbuf.core.kernel.ZeroCopyScheme;
import io.zbuf.core.pcap.TestCaptures;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.core.user.HeldBuffer;
import io.zbuf.core.user.ZbufConsumer;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.Device;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.TimestampFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.stream.Stream;

import static io.zbuf.host.HostFixture.LIVENESS;
import static io.zbuf.host.HostFixture.lend;
import static io.zbuf.host.HostFixture.readUntilGone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class KernelHostTest {
    @Test
    void callsRunOnTheKernelThreadAndReturnTheirResult() throws BpfException {
        try (KernelHost host = newHost()) {
            AtomicReference<String> thread = new AtomicReference<>();
            int result = host.call(() -> {
                thread.set(Thread.currentThread().getName());
                return 42;
            });
            assertThat(result).isEqualTo(42);
            assertThat(thread.get()).isEqualTo("test-kernel");
        }
    }

    @Test
    void aCallsErrorReachesTheCaller() {
        try (KernelHost host = newHost()) {
            assertThatThrownBy(() -> host.call(() -> {
                throw new BpfException(Errno.EINVAL, "refused");
            })).isInstanceOf(BpfException.class).hasMessageContaining("refused");
            assertThatThrownBy(() -> host.call(() -> {
                throw new IllegalStateException("broken");
            })).isInstanceOf(IllegalStateException.class).hasMessage("broken");
        }
    }

    @Test
    void aDescriptorMayBeOpenedWithAZeroCopySchemeOfItsOwn() throws BpfException {
        try (KernelHost host = newHost()) {
            HostedDevice device = host.open(new AlignedBufferMemory(16384), ZeroCopyScheme.zbuf());
            device.setBufferMode(BufferMode.ZBUF);
            assertThat(device.zmax()).isEqualTo(512L * 16384);
            device.close();
        }
    }

    @Test
    void aCallFromTheKernelThreadRunsInPlace() throws BpfException {
        try (KernelHost host = newHost()) {
            assertThat(host.call(() -> host.call(() -> "nested"))).isEqualTo("nested");
        }
    }

    @Test
    void callsAfterCloseFailAsOnAClosedDescriptor() {
        KernelHost host = newHost();
        host.close();
        assertThatThrownBy(() -> host.call(() -> 1)).isInstanceOf(DeviceClosedException.class);
    }

    @Test
    void interfacesAreListedInOrderOfCreationAndNamesAreUnique() throws BpfException {
        try (KernelHost host = newHost()) {
            host.createInterface("b0", "synthetic:rate=1");
            host.createInterface("a0", "synthetic:rate=1");
            assertThat(host.interfaces()).containsExactly("b0", "a0");
            assertThatThrownBy(() -> host.createInterface("a0", "synthetic"))
                    .isInstanceOf(BpfException.class).extracting(e -> ((BpfException) e).errno()).isEqualTo(Errno.EBUSY);
        }
    }

    @Test
    void aSourceThatCannotBeOpenedIsInvalid() {
        try (KernelHost host = newHost()) {
            assertThatThrownBy(() -> host.createInterface("x0", "nonsense:kind"))
                    .isInstanceOf(BpfException.class).hasMessageStartingWith("interface x0: ")
                    .extracting(e -> ((BpfException) e).errno()).isEqualTo(Errno.EINVAL);
        }
    }

    @Test
    void closeIsIdempotent() {
        KernelHost host = newHost();
        host.close();
        host.close();
        assertThatThrownBy(() -> host.interfaces()).isInstanceOf(DeviceClosedException.class);
    }

    @Test
    void anInterfaceWhoseSourceRanOutIsGoneAndItsNameFreeAgain() throws Exception {
        try (HostFixture fixture = new HostFixture()) {
            String name = fixture.newInterface("synthetic:count=1");
            HostFixture.Attached capture = fixture.attach(name, 1, HostFixture.Setup.NONE);
            assertThat(readUntilGone(capture.device(), capture.zbuf())).hasSize(1);
            assertThat(fixture.host.interfaces()).doesNotContain(name);

            HostedDevice late = fixture.open();
            lend(late, 1);
            assertThatThrownBy(() -> late.setInterface(name)).isInstanceOf(BpfException.class)
                    .extracting(e -> ((BpfException) e).errno()).isEqualTo(Errno.ENXIO);
            fixture.host.createInterface(name, "synthetic:rate=1");
            assertThat(fixture.host.interfaces()).contains(name);
            late.setInterface(name);
        }
    }

    @Test
    void aRefusedInterfaceClosesTheSourceItOpened(@TempDir Path directory) throws Exception {
        Path capture = openFilesCanBeSeen(directory);
        try (KernelHost host = newHost()) {
            host.createInterface("p0", "pcap:" + capture);
            assertThat(openDescriptorsOf(capture)).as("an interface's source holds its file open").isEqualTo(1);
            assertThatThrownBy(() -> host.createInterface("p0", "pcap:" + capture)).isInstanceOf(BpfException.class)
                    .extracting(e -> ((BpfException) e).errno()).isEqualTo(Errno.EBUSY);
            assertThat(openDescriptorsOf(capture)).as("the refused one's is closed").isEqualTo(1);
        }
    }

    @Test
    void closingTheKernelTakesEveryInterfaceAwayAndClosesItsSource(@TempDir Path directory) throws Exception {
        Path capture = openFilesCanBeSeen(directory);
        KernelHost host = newHost();
        host.createInterface("p0", "pcap:" + capture);
        HostedInterface hosted = host.call(() -> host.lookup("p0"));
        host.close();
        assertThat(hosted.gone()).isTrue();
        assertThat(openDescriptorsOf(capture)).isZero();
    }

    @Test
    void closeWaitsForTheCallInProgress() throws Exception {
        KernelHost host = newHost();
        CountDownLatch release = new CountDownLatch(1);
        Blocking<String> running = holdKernel(host, release, () -> { });
        Blocking<Object> closing = closeWaitingForTheKernelThread(host);

        release.countDown();
        assertThat(running.result()).isEqualTo("released");
        closing.result();
    }

    @Test
    void theKernelCanBeClosedFromItsOwnThread() throws Exception {
        KernelHost host = newHost();
        Blocking<String> closing = Blocking.start(() -> host.call(() -> {
            host.close();
            return "closed";
        }));
        assertThat(closing.result()).isEqualTo("closed");
        // a call queued while that last round still runs may still run in it (aCallArrivingWhileTheKernelStops...);
        // this close, from another thread, returns once the kernel thread has ended: from then on every call fails
        host.close();
        assertThatThrownBy(() -> host.call(() -> 1)).isInstanceOf(DeviceClosedException.class);
    }

    @Test
    void callsStillQueuedWhenTheKernelStopsFailAsOnAClosedDescriptor() throws Exception {
        KernelHost host = newHost();
        CountDownLatch release = new CountDownLatch(1);
        Blocking<String> closing = holdKernel(host, release, host::close);
        Blocking<Integer> queued = Blocking.start(() -> host.call(() -> 2)).awaitBlockedIn(PendingCall.class, "await");

        release.countDown();
        assertThat(closing.result()).isEqualTo("released");
        assertThatThrownBy(queued::result).isInstanceOf(DeviceClosedException.class);
    }

    @Test
    void aCallArrivingWhileTheKernelStopsReturnsOnlyOnceTheKernelThreadHasEnded() throws Exception {
        KernelHost host = newHost();
        CountDownLatch release = new CountDownLatch(1);
        Blocking<String> round = holdKernel(host, release, () -> { });
        Blocking<Object> closing = closeWaitingForTheKernelThread(host);
        Blocking<Integer> late = Blocking.start(() -> host.call(() -> 3))
                .awaitBlockedIn(Thread.class, "join"); // not failed yet: the kernel thread may still touch its buffers

        release.countDown();
        assertThat(round.result()).isEqualTo("released");
        closing.result();
        assertThat(late.result()).as("queued while the last round still ran: it ran in that round").isEqualTo(3);
    }

    @Test
    void aCallWaitsThroughAnInterruptAndKeepsIt() throws Exception {
        try (KernelHost host = newHost()) {
            Thread caller = Thread.currentThread();
            caller.interrupt();
            try {
                String result = host.call(() -> {
                    HostFixture.await(() -> !caller.isInterrupted(), "the caller took the interrupt while waiting");
                    return "done";
                });
                assertThat(result).isEqualTo("done");
                assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept").isTrue();
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void closeKeepsTheCallersInterrupt() {
        KernelHost host = newHost();
        Thread.currentThread().interrupt();
        try {
            host.close();
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThatThrownBy(() -> host.call(() -> 1)).isInstanceOf(DeviceClosedException.class);
    }

    /** An Error inside a call reaches its caller as that Error, never as a null result; the kernel goes on. */
    @Test
    void anErrorInACallReachesTheCallerAndTheKernelGoesOn() throws BpfException {
        try (KernelHost host = newHost()) {
            assertThatThrownBy(() -> host.call(() -> {
                throw new StackOverflowError("deep");
            })).isInstanceOf(StackOverflowError.class).hasMessage("deep");
            assertThat(host.call(() -> "still running")).isEqualTo("still running");
        }
    }

    /**
     * A source that throws at packet N (a RuntimeException or an Error): the reader gets the N packets, then
     * InterfaceGoneException with the cause; the kernel goes on serving calls, close included.
     */
    @ParameterizedTest
    @CsvSource({"runtime," + ThrowingSourceKind.RUNTIME_MESSAGE, "error," + ThrowingSourceKind.ERROR_MESSAGE})
    void aSourceThatThrowsFailsItsInterfaceAndTheReaderIsToldWhy(String kind, String message) throws Exception {
        try (LogCapture log = LogCapture.of(HostedInterface.class);
             HostFixture fixture = new HostFixture()) {
            String name = fixture.newInterface("throwing:5," + kind);
            HostFixture.Attached capture = fixture.attach(name, 1, HostFixture.Setup.IMMEDIATE);
            List<String> records = new ArrayList<>();
            InterfaceGoneException gone = catchThrowableOfType(
                    () -> readUntilFailed(capture.device(), capture.zbuf(), records), InterfaceGoneException.class);
            assertThat(records).as("every packet before the bug").hasSize(5);
            assertThat(gone).as("the reader is told").isNotNull();
            assertThat(gone.getCause()).hasMessage(message);
            assertThat(gone).hasMessageContaining(name).hasMessageContaining(message);
            assertThat(fixture.host.interfaces()).doesNotContain(name);
            assertThat(fixture.host.call(() -> "still running")).isEqualTo("still running");
        }
    }

    @Test
    void aMemoryFaultFailsTheCallWithEfaultGoesToTheHandlerAndTheKernelGoesOn() throws Exception {
        try (KernelHost host = newHost()) {
            CompletableFuture<InternalError> handled = new CompletableFuture<>();
            host.onMemoryFault(handled::complete);
            assertThatThrownBy(() -> host.call(KernelHostTest::fault)).isInstanceOf(BpfException.class)
                    .hasMessageContaining("unsafe memory access")
                    .extracting(e -> ((BpfException) e).errno()).isEqualTo(Errno.EFAULT);
            assertThat(handled.get(LIVENESS.toSeconds(), TimeUnit.SECONDS)).hasMessageContaining("unsafe memory access");
            assertThat(host.call(() -> "still running")).isEqualTo("still running");
        }
    }

    @Test
    void aMemoryFaultIsLoggedByDefault() throws Exception {
        try (LogCapture log = LogCapture.of(KernelHost.class);
             KernelHost host = newHost()) {
            assertThatThrownBy(() -> host.call(KernelHostTest::fault)).isInstanceOf(BpfException.class);
            HostFixture.await(() -> !log.records().isEmpty(), "the fault logged");
            assertThat(log.records().get(0).getLevel()).isEqualTo(Level.SEVERE);
            assertThat(log.records().get(0).getThrown()).hasMessageContaining("unsafe memory access");
        }
    }

    /** Reads every record into {@code records}, as caplen/datalen, until poll throws. */
    private static void readUntilFailed(Device device, BpfZbuf zbuf, List<String> records) throws Exception {
        ZbufConsumer consumer = new ZbufConsumer(zbuf, TimestampFormat.MICROTIME);
        while (true) {
            HeldBuffer held = consumer.poll();
            if (held == null) {
                assertThat(device.awaitReadable(LIVENESS)).as("readable or gone in time").isTrue();
                device.rotateZbuf();
                continue;
            }
            held.forEach(record -> records.add(record.caplen() + "/" + record.datalen()));
            held.acknowledge();
        }
    }

    private static KernelHost newHost() {
        return new KernelHost(SystemKernelClock.INSTANCE, "test-kernel");
    }

    /** What the JVM raises when a mapped file was truncated under the kernel's write. */
    private static Object fault() {
        throw new InternalError("a fault occurred in an unsafe memory access operation");
    }

    /** Closes the kernel on another thread, once that thread waits in {@code join} for the kernel thread to end. */
    private static Blocking<Object> closeWaitingForTheKernelThread(KernelHost host) {
        return Blocking.start(() -> {
            host.close();
            return null;
        }).awaitBlockedIn(Thread.class, "join");
    }

    /** Holds the kernel thread in a call until {@code release}, then runs {@code then} there; the call returns "released". */
    private static Blocking<String> holdKernel(KernelHost host, CountDownLatch release, Runnable then) {
        CountDownLatch started = new CountDownLatch(1);
        Blocking<String> held = Blocking.start(() -> host.call(() -> {
            started.countDown();
            awaitLatch(release);
            then.run();
            return "released";
        }));
        awaitLatch(started);
        return held;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(LIVENESS.toSeconds(), TimeUnit.SECONDS)).as("latch released in time").isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A capture file of this test's own, whose open descriptors this platform lets the test count. */
    private static Path openFilesCanBeSeen(Path directory) throws IOException {
        assertThat(Path.of("/proc/self/fd")).as("open files are listed in /proc/self/fd (Linux)").isDirectory();
        return Files.copy(TestCaptures.smtp(), directory.resolve("capture.pcap")).toRealPath();
    }

    /** How many descriptors of this process have {@code file} open. */
    private static long openDescriptorsOf(Path file) throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(descriptor -> {
                try {
                    return Files.readSymbolicLink(descriptor).equals(file);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }
}
