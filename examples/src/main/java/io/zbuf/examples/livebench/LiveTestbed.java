package io.zbuf.examples.livebench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code zbuf bench-live} sends and captures: two network namespaces of its own joined by a veth pair,
 * {@value #SENDER_LINK} (10.99.0.1) in the sender's and {@value #RECEIVER_LINK} (10.99.0.2) in the receiver's, IPv6
 * off. The sender sends to {@value #TARGET}, an address nobody has but that the sender's side resolves (a permanent
 * neighbour) to the receiver's link: every datagram arrives there, where packet sockets see it and IP drops it,
 * without a reply. No traffic leaves the two namespaces; {@link #close()} removes them.
 */
final class LiveTestbed implements AutoCloseable {
    static final String SENDER_LINK = "zbtx";
    static final String RECEIVER_LINK = "zbrx";
    static final String SENDER_ADDRESS = "10.99.0.1";
    static final String TARGET = "10.99.0.3";
    static final int PORT = 9;
    private static final String RECEIVER_ADDRESS = "10.99.0.2";
    private static final String SENDER_MAC = "02:00:00:00:99:01";
    private static final String RECEIVER_MAC = "02:00:00:00:99:02";

    private final String sender;
    private final String receiver;

    private LiveTestbed(String sender, String receiver) {
        this.sender = sender;
        this.receiver = receiver;
    }

    /**
     * Creates the two namespaces and their link.
     *
     * @throws IllegalStateException if this process is not root, or {@code ip} fails
     */
    static LiveTestbed create() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("zbuf bench-live needs root: it creates network namespaces and captures with CAP_NET_RAW");
        }
        String base = "zbuf-bench-" + ProcessHandle.current().pid();
        LiveTestbed testbed = new LiveTestbed(base + "-tx", base + "-rx");
        run("ip", "netns", "add", testbed.sender);
        try {
            run("ip", "netns", "add", testbed.receiver);
            for (String namespace : List.of(testbed.sender, testbed.receiver)) {
                run("ip", "netns", "exec", namespace, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
                run("ip", "netns", "exec", namespace, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1");
                run("ip", "-n", namespace, "link", "set", "lo", "up");
            }
            run("ip", "-n", testbed.sender, "link", "add", SENDER_LINK, "address", SENDER_MAC, "type", "veth", "peer", "name", RECEIVER_LINK,
                    "address", RECEIVER_MAC, "netns", testbed.receiver);
            run("ip", "-n", testbed.sender, "address", "add", SENDER_ADDRESS + "/24", "dev", SENDER_LINK);
            run("ip", "-n", testbed.receiver, "address", "add", RECEIVER_ADDRESS + "/24", "dev", RECEIVER_LINK);
            run("ip", "-n", testbed.sender, "neighbour", "add", TARGET, "lladdr", RECEIVER_MAC, "dev", SENDER_LINK, "nud", "permanent");
            run("ip", "-n", testbed.sender, "link", "set", SENDER_LINK, "up");
            run("ip", "-n", testbed.receiver, "link", "set", RECEIVER_LINK, "up");
        } catch (RuntimeException e) {
            testbed.close();
            throw e;
        }
        return testbed;
    }

    /** {@code command} run in the sender's namespace. */
    List<String> asSender(List<String> command) {
        return inside(sender, command);
    }

    /** {@code command} run in the receiver's namespace. */
    List<String> asReceiver(List<String> command) {
        return inside(receiver, command);
    }

    private static List<String> inside(String namespace, List<String> command) {
        List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        inside.addAll(command);
        return inside;
    }

    /** Removes both namespaces, and with them the link. */
    @Override
    public void close() {
        for (String namespace : List.of(sender, receiver)) {
            try {
                run("ip", "netns", "delete", namespace);
            } catch (RuntimeException e) {
                // not created: nothing to remove
            }
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException(command[0] + " is needed (apt-get install iproute2): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
