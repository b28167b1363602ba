package io.zbuf.host;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static io.zbuf.host.HostFixture.LIVENESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kernel thread and an event-driven source: it sleeps until the source's interrupt, then reads what arrived. */
class KernelHostArrivalsTest {
    @Test
    void theKernelThreadSleepsUntilTheInterruptAndThenDeliversWhatArrived() throws Exception {
        ScriptedArrivals source = register("wake");
        try (HostFixture fixture = new HostFixture()) {
            String name = fixture.newInterface("arrivals:wake");
            HostFixture.Attached reader = fixture.attach(name, 1, HostFixture.Setup.IMMEDIATE);
            assertThat(source.starts).hasValue(1);
            Thread kernel = kernelThread();
            HostFixture.await(() -> kernel.getState() == Thread.State.WAITING, "the kernel thread parks");
            assertThat(kernel.getStackTrace()).as("parked, not spinning: nothing arrived")
                    .anySatisfy(frame -> assertThat(frame.getMethodName()).isEqualTo("park"));

            Blocking<Boolean> waiting = HostFixture.blockedReader(reader.device());
            source.arrive(7);
            assertThat(waiting.result()).isTrue();
            assertThat(source.interrupts).hasValue(1);
            HostFixture.awaitReceived(reader.device(), 1);

            source.drop(4);
            source.arrive(8);
            HostFixture.awaitReceived(reader.device(), 6);
            assertThat(reader.device().stats().dropped()).as("what the card dropped").isEqualTo(4);
        } finally {
            ScriptedArrivals.Kind.SOURCES.remove("wake");
        }
    }

    @Test
    void aSourceThatFailsEndsTheReadersCaptureOnceDrained() throws Exception {
        ScriptedArrivals source = register("fail");
        try (HostFixture fixture = new HostFixture()) {
            String name = fixture.newInterface("arrivals:fail");
            HostFixture.Attached reader = fixture.attach(name, 1, HostFixture.Setup.NONE);
            source.arrive(1);
            HostFixture.awaitReceived(reader.device(), 1);
            source.fail(new IOException("interface eth0 went down (network is down)"));
            assertThat(HostFixture.readUntilGone(reader.device(), reader.zbuf())).as("delivered, then the hang-up").hasSize(1);
            assertThat(fixture.host.interfaces()).doesNotContain(name);
        } finally {
            ScriptedArrivals.Kind.SOURCES.remove("fail");
        }
    }

    @Test
    void theErrnoASourceRefusedWithReachesTheCaller() {
        try (HostFixture fixture = new HostFixture()) {
            assertThatThrownBy(() -> fixture.host.createInterface("x", "arrivals:enxio")).isInstanceOf(BpfException.class)
                    .hasMessage("live:enxio: no interface named enxio here (ENXIO)")
                    .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(Errno.ENXIO));
            assertThatThrownBy(() -> fixture.host.createInterface("y", "arrivals:nothing")).isInstanceOf(BpfException.class)
                    .hasMessage("interface y: no scripted source nothing (EINVAL)");
        }
    }

    private static ScriptedArrivals register(String name) {
        ScriptedArrivals source = new ScriptedArrivals();
        ScriptedArrivals.Kind.SOURCES.put(name, source);
        return source;
    }

    private static Thread kernelThread() {
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            if (thread.getKey().getName().equals("test-kernel") && thread.getKey().isAlive()) {
                return thread.getKey();
            }
        }
        throw new AssertionError("no kernel thread within " + LIVENESS);
    }
}
