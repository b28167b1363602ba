package io.zbuf.examples.bench;

import io.zbuf.examples.process.ChildJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The sending side of a lossless session: a thread of this JVM or a child JVM. */
abstract class Producer implements AutoCloseable {
    /** Why the producer failed, or {@code null} while it sends or after it sent everything. */
    abstract String failure();

    /** Stops the producer if it still runs. */
    @Override
    public abstract void close() throws Exception;

    /** What a thread producer runs: send everything, giving up once {@code running} turns false. */
    interface Task {
        void send(BooleanSupplier running) throws Exception;
    }

    /** Runs {@code task} on a new thread named {@code name}. */
    static Producer thread(String name, Task task) {
        return new ThreadProducer(name, task);
    }

    /** Runs {@code main} with {@code arguments} in a child JVM. */
    static Producer childJvm(Class<?> main, List<String> arguments) throws IOException {
        Path log = Files.createTempFile("zbuf-bench-producer-", ".log");
        return new ChildProducer(ChildJvm.start(main, arguments, log), log);
    }

    private static final class ThreadProducer extends Producer {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Throwable failure;

        ThreadProducer(String name, Task task) {
            thread = new Thread(() -> {
                try {
                    task.send(() -> running);
                } catch (Exception | Error e) {
                    failure = e;
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        String failure() {
            Throwable failed = failure;
            return failed == null ? null : "the producer thread failed: " + failed;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    private static final class ChildProducer extends Producer {
        private final ChildJvm child;
        private final Path log;

        ChildProducer(ChildJvm child, Path log) {
            this.child = child;
            this.log = log;
        }

        @Override
        String failure() {
            if (child.isAlive()) {
                return null;
            }
            try {
                int code = child.awaitExit(0);
                return code == 0 ? null : "the producer JVM exited with " + code + ": " + child.output();
            } catch (IOException | InterruptedException e) {
                return "the producer JVM: " + e.getMessage();
            }
        }

        @Override
        public void close() throws Exception {
            child.close();
            Files.deleteIfExists(log);
        }
    }
}
