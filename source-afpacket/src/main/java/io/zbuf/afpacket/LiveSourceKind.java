package io.zbuf.afpacket;

import io.zbuf.core.source.PacketSource;
import io.zbuf.core.source.SourceFactory;
import io.zbuf.core.source.SourceKind;
import io.zbuf.core.source.SourceSettings;
import io.zbuf.spi.BpfException;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code live:IFACE[,promisc,ring=SIZE,block=SIZE,timeout=MS]}: the packets of a Linux interface, read in place
 * from an {@code AF_PACKET} ring ({@link AfPacketSource}). {@code promisc} puts the interface in promiscuous
 * mode while the source is open; {@code ring} (default 4m) and {@code block} (default 256k) size the ring,
 * {@code timeout} (default 10 ms) is how long a packet may wait in a block that is not full. Found by
 * {@link java.util.ServiceLoader}; available on Linux to a process with {@code CAP_NET_RAW}.
 */
public final class LiveSourceKind implements SourceKind {
    /** The name users write before the colon. */
    public static final String NAME = "live";
    private static final Set<String> KEYS = Set.of("ring", "block", "timeout");
    private static final Set<String> FLAGS = Set.of("promisc");
    /** What Linux accepts as an interface name ({@code dev_valid_name}): up to 15 bytes, no '/', ':' or blank. */
    private static final Pattern INTERFACE_NAME = Pattern.compile("[^/:\\s]{1,15}");
    private static final int IFNAMSIZ = 16;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String usage() {
        return "live:IFACE[,promisc,ring=SIZE,block=SIZE,timeout=MS]";
    }

    @Override
    public String description() {
        return "the packets of a Linux interface, read in place from an AF_PACKET ring (TPACKET_V3)";
    }

    @Override
    public Throwable unavailabilityCause() {
        return AfPacketAvailability.unavailabilityCause();
    }

    @Override
    public boolean isAvailable() {
        return AfPacketAvailability.isAvailable();
    }

    @Override
    public SourceFactory define(String text) {
        int comma = text.indexOf(',');
        String interfaceName = (comma < 0 ? text : text.substring(0, comma)).strip();
        if (!INTERFACE_NAME.matcher(interfaceName).matches() || interfaceName.equals(".") || interfaceName.equals("..")
                || interfaceName.getBytes(StandardCharsets.UTF_8).length >= IFNAMSIZ) {
            throw new IllegalArgumentException(interfaceName.isEmpty() ? "the interface is missing (live:IFACE)"
                    : "'" + interfaceName + "' is not a Linux interface name (1 to 15 bytes, no '/', ':' or blank)");
        }
        SourceSettings settings = SourceSettings.parse(comma < 0 ? "" : text.substring(comma + 1), KEYS, FLAGS);
        RingGeometry geometry = RingGeometry.of(settings.byteCount("ring", RingGeometry.DEFAULT_RING_SIZE),
                settings.byteCount("block", RingGeometry.DEFAULT_BLOCK_SIZE),
                settings.intValue("timeout", RingGeometry.DEFAULT_RETIRE_TIMEOUT_MILLIS));
        boolean promiscuous = settings.has("promisc");
        String description = describe(interfaceName, geometry, promiscuous);
        return new SourceFactory() {
            @Override
            public PacketSource open() throws BpfException {
                AfPacketAvailability.ensureAvailability();
                return AfPacketSource.open(AfPacketAvailability.libc(), interfaceName, geometry, promiscuous);
            }

            @Override
            public String describe() {
                return description;
            }

            @Override
            public Optional<String> interfaceName() {
                return Optional.of(interfaceName);
            }
        };
    }

    /** A live source in words. */
    static String describe(String interfaceName, RingGeometry geometry, boolean promiscuous) {
        return "packets of Linux interface " + interfaceName + (promiscuous ? " in promiscuous mode" : "") + ", AF_PACKET ring of " + geometry;
    }
}
