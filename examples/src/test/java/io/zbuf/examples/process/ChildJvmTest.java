package io.zbuf.examples.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChildJvmTest {
    private static final long LIVENESS_SECONDS = 60;

    /** What the child runs: prints its first argument, then exits with its second, or sleeps without one. */
    public static final class Child {
        public static void main(String[] arguments) throws InterruptedException {
            System.out.println("child says " + arguments[0]);
            System.out.flush();
            if (arguments.length > 1) {
                System.exit(Integer.parseInt(arguments[1]));
            }
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void runsTheClassOnThisJavaAndClassPathAndReportsItsExitAndOutput(@TempDir Path directory) throws Exception {
        Path log = directory.resolve("child.log");
        try (ChildJvm child = ChildJvm.start(Child.class, List.of("hello", "3"), log)) {
            assertThat(child.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(child.awaitExit(LIVENESS_SECONDS)).isEqualTo(3);
            assertThat(child.isAlive()).isFalse();
            assertThat(child.output()).isEqualTo("child says hello");
        }
    }

    @Test
    void closeStopsAChildThatWouldRunForever(@TempDir Path directory) throws Exception {
        ChildJvm child = ChildJvm.start(Child.class, List.of("forever"), directory.resolve("child.log"));
        assertThat(child.isAlive()).isTrue();
        assertThatThrownBy(() -> child.awaitExit(0))
            .isInstanceOf(IOException.class)
            .hasMessage("child JVM " + child.pid() + " did not end within 0 s");

        child.close();

        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void anUnreadableLogIsSaidSoInsteadOfFailing(@TempDir Path directory) throws Exception {
        Path log = directory.resolve("child.log");
        try (ChildJvm child = ChildJvm.start(Child.class, List.of("bye", "0"), log)) {
            assertThat(child.awaitExit(LIVENESS_SECONDS)).isZero();
            Files.delete(log);
            assertThat(child.output()).startsWith("(its log " + log + " is unreadable: ");
        }
    }
}
