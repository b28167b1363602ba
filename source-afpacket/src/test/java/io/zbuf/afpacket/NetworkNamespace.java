package io.zbuf.afpacket;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace of a test's own ({@code ip netns add}), its loopback up, removed on {@link #close()} even
 * when the test failed: the only place the live tests send or capture packets. Names are
 * {@code zbuf-<pid>-<n>-<random>}, unique across the helpers that run tests at the same time; namespaces left by a
 * JVM that died are removed by the next one.
 *
 * <p>Code runs inside it on a thread that entered it with {@code setns(2)} ({@link #run}, {@link #start}): sockets
 * that thread and the threads it starts open belong to the namespace. Commands run inside with
 * {@code ip netns exec} ({@link #command}).
 */
public final class NetworkNamespace implements AutoCloseable {
    private static final String PREFIX = "zbuf-";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final int CLONE_NEWNET = 0x4000_0000;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x8_0000;
    private static final long COMMAND_SECONDS = 30;
    private static final String LOCAL_MAC = "02:00:00:00:00:01";
    private static final String REMOTE_MAC = "02:00:00:00:00:02";

    private final String name;
    private final List<Process> processes = new ArrayList<>();

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /**
     * A new namespace with its loopback up and IPv6 off (so that no router solicitation or neighbour discovery
     * adds packets nobody sent).
     *
     * @throws AssertionError naming what is missing if this process is not root or {@code ip} is not installed
     */
    public static NetworkNamespace create() {
        requireRoot();
        removeOrphans();
        NetworkNamespace namespace = new NetworkNamespace(PREFIX + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet()
                + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)));
        ipCommand("netns", "add", namespace.name);
        try {
            namespace.exec("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
            namespace.exec("sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1");
            namespace.ip("link", "set", "lo", "up");
        } catch (RuntimeException | Error e) {
            namespace.close();
            throw e;
        }
        return namespace;
    }

    /** Fails the test, naming what is needed, unless this process is root and {@code ip} is installed. */
    public static void requireRoot() {
        String user = System.getProperty("user.name");
        if (!"root".equals(user)) {
            throw new AssertionError("the live-capture tests need root (they create network namespaces and capture with CAP_NET_RAW);"
                    + " this is user " + user + ": run them as root, as CI does");
        }
        if (Files.notExists(Path.of("/usr/sbin/ip")) && Files.notExists(Path.of("/sbin/ip")) && Files.notExists(Path.of("/usr/bin/ip"))) {
            throw new AssertionError("the live-capture tests need iproute2's ip: apt-get install iproute2");
        }
    }

    /** The namespace's name, for {@code ip netns exec}. */
    public String name() {
        return name;
    }

    /** Runs {@code ip -n NAME args...} and returns what it printed. */
    public String ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(args));
        return run(command);
    }

    /**
     * Connects this namespace to {@code other} with a veth pair: {@code local} here with address {@code localAddress}
     * (a /24), {@code remote} there with {@code remoteAddress}, both up, their MAC addresses 02:00:00:00:00:01 and
     * :02, each a permanent neighbour of the other, so that no ARP is needed.
     */
    public void connect(String local, String localAddress, NetworkNamespace other, String remote, String remoteAddress) {
        ip("link", "add", local, "address", LOCAL_MAC, "type", "veth", "peer", "name", remote, "address", REMOTE_MAC, "netns", other.name);
        ip("address", "add", localAddress + "/24", "dev", local);
        other.ip("address", "add", remoteAddress + "/24", "dev", remote);
        ip("neighbour", "add", remoteAddress, "lladdr", REMOTE_MAC, "dev", local, "nud", "permanent");
        other.ip("neighbour", "add", localAddress, "lladdr", LOCAL_MAC, "dev", remote, "nud", "permanent");
        ip("link", "set", local, "up");
        other.ip("link", "set", remote, "up");
    }

    /** Runs {@code ip args...} in no namespace of the test's, for commands that name namespaces themselves. */
    private static String ipCommand(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Runs {@code command} inside and returns what it printed; it must exit with 0 within 30 s. */
    public String exec(String... command) {
        return run(command(command));
    }

    /** {@code ip netns exec NAME command...}, to start as a process of its own inside. */
    public List<String> command(String... command) {
        List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", name));
        inside.addAll(List.of(command));
        return inside;
    }

    /** Starts {@code builder} (made from {@link #command}); the process is killed when the namespace closes. */
    public Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** Runs {@code task} on a thread inside the namespace and returns its result; it must end within 60 s. */
    public <T> T run(Callable<T> task) throws Exception {
        FutureTask<T> future = new FutureTask<>(() -> {
            enter();
            return task.call();
        });
        Thread thread = new Thread(future, name + "-thread");
        thread.setDaemon(true);
        thread.start();
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new AssertionError("a task inside namespace " + name + " ran for more than 60 s", e);
        }
    }

    /** Starts a daemon thread inside the namespace running {@code task}. */
    public Thread start(String threadName, Runnable task) {
        Thread thread = new Thread(() -> {
            enter();
            task.run();
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The calling thread enters the namespace. */
    private void enter() {
        int fd = Namespaces.LIBC.open("/run/netns/" + name, O_RDONLY | O_CLOEXEC);
        try {
            Namespaces.LIBC.setns(fd, CLONE_NEWNET);
        } finally {
            Namespaces.LIBC.close(fd);
        }
    }

    /** Kills what it started and removes the namespace. */
    @Override
    public void close() {
        for (Process process : processes) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ipCommand("netns", "delete", name);
    }

    /** Removes the namespaces of test JVMs that died without removing theirs. */
    private static void removeOrphans() {
        for (String line : ipCommand("netns", "list").split("\n")) {
            String namespace = line.split(" ", 2)[0];
            String[] parts = namespace.split("-");
            if (namespace.startsWith(PREFIX) && parts.length == 4 && parts[1].chars().allMatch(Character::isDigit)) {
                Optional<ProcessHandle> owner = ProcessHandle.of(Long.parseLong(parts[1]));
                if (owner.isEmpty() || !owner.get().isAlive()) {
                    run(List.of("ip", "netns", "delete", namespace));
                }
            }
        }
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " ran for more than " + COMMAND_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + process.exitValue() + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is needed by this test: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** The C library calls that enter a namespace. Test-only. */
    interface Namespaces extends Library {
        Namespaces LIBC = Native.load("c", Namespaces.class);

        int open(String path, int flags) throws LastErrorException;

        int setns(int fd, int type) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }
}
