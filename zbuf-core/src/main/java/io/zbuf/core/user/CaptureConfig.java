package io.zbuf.core.user;

import io.zbuf.core.filter.SnapLength;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.core.pcap.PcapReader;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.TimestampType;

import java.time.Duration;
import java.util.Objects;

/**
 * What to capture and how: the settings {@link ZbufCapture#open} applies to a descriptor. Immutable; build one
 * with {@link #builder()}.
 *
 * @param interfaceName the interface to attach to (BIOCSETIF), 1 to {@value #MAX_INTERFACE_NAME_LENGTH} characters
 * @param bufferSize    requested bytes per buffer, header included; rounded up to whole pages and capped at the
 *                      kernel's maximum (BIOCGETZMAX) when the capture opens, as libpcap does. Above 32, at most
 *                      {@value #MAX_BUFFER_SIZE}. Default {@value #DEFAULT_BUFFER_SIZE}
 * @param immediate     wake the reader on every packet (BIOCIMMEDIATE). Default false
 * @param readTimeout   after this long, a store buffer holding records makes the descriptor readable
 *                      (BIOCSRTIMEOUT); zero never. Default 1 second, tcpdump's. A timeval carries microseconds,
 *                      so a non-zero timeout must be at least 1 microsecond
 * @param timestampType how records are stamped (BIOCSTSTAMP). Default {@link TimestampType#DEFAULT}
 * @param filter        the filter program (BIOCSETF). Default {@link BpfProgram#ACCEPT_ALL}. Its returns are bounded
 *                      by the snap length when the capture opens ({@link SnapLength#bound})
 * @param snapLength    the most bytes of each packet to capture, 1 to {@value #DEFAULT_SNAP_LENGTH}. Default
 *                      {@value #DEFAULT_SNAP_LENGTH}, libpcap's {@code MAXIMUM_SNAPLEN}. BPF has no snap length
 *                      ioctl: as libpcap does, the capture installs it as the filter's return value
 * @param promiscuous   put the interface into promiscuous mode (BIOCPROMISC, after BIOCSETIF). Default false, as
 *                      {@code pcap_create}; a device that refuses is a warning, not a failure, as in libpcap: see
 *                      {@link ZbufCapture#promiscuousFailure()}
 * @param filterExpression a filter expression (pcap-filter(7)) to compile for the interface's link type when the
 *                      capture opens, instead of {@code filter}; empty for none. Default empty. See
 *                      {@link io.zbuf.core.pcap.filter.FilterCompiler}
 */
public record CaptureConfig(String interfaceName, int bufferSize, boolean immediate, Duration readTimeout,
                            TimestampType timestampType, BpfProgram filter, int snapLength, boolean promiscuous,
                            String filterExpression) {
    /** {@code IFNAMSIZ - 1}: the longest interface name, without the terminating NUL. */
    public static final int MAX_INTERFACE_NAME_LENGTH = 15;
    /** Default bytes per buffer: 512 KiB. */
    public static final int DEFAULT_BUFFER_SIZE = 512 * 1024;
    /** Largest accepted request: 1 GiB, far above any kernel's BIOCGETZMAX. */
    public static final int MAX_BUFFER_SIZE = 1 << 30;
    /** Default read timeout: 1 second, as tcpdump opens its descriptors. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(1);
    /** The default snap length and the largest: 262144 bytes, libpcap's {@code MAXIMUM_SNAPLEN}. */
    public static final int DEFAULT_SNAP_LENGTH = PcapReader.MAXIMUM_SNAP_LENGTH;

    private static final Duration SMALLEST_TIMEOUT = Duration.ofNanos(1_000);

    /**
     * Checks every setting.
     *
     * @throws IllegalArgumentException without an interface name, or for a setting out of range, with a sentence
     *                                  saying which
     * @throws NullPointerException     for another missing setting
     */
    public CaptureConfig {
        if (interfaceName == null) {
            throw new IllegalArgumentException("an interface name is required");
        }
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(timestampType, "timestampType");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(filterExpression, "filterExpression");
        if (!filterExpression.isBlank() && !filter.equals(BpfProgram.ACCEPT_ALL)) {
            throw new IllegalArgumentException("give a filter program or a filter expression, not both");
        }
        if (interfaceName.isEmpty() || interfaceName.length() > MAX_INTERFACE_NAME_LENGTH) {
            throw new IllegalArgumentException("interface name \"" + interfaceName + "\" must have 1 to "
                + MAX_INTERFACE_NAME_LENGTH + " characters");
        }
        if (bufferSize <= ZbufHeader.LENGTH || bufferSize > MAX_BUFFER_SIZE) {
            throw new IllegalArgumentException("buffer size " + bufferSize + " must exceed the " + ZbufHeader.LENGTH
                + "-byte header and be at most " + MAX_BUFFER_SIZE);
        }
        if (readTimeout.isNegative() || !readTimeout.isZero() && readTimeout.compareTo(SMALLEST_TIMEOUT) < 0) {
            throw new IllegalArgumentException("read timeout " + readTimeout + " must be zero (none) or at least 1 microsecond");
        }
        if (snapLength < 1 || snapLength > DEFAULT_SNAP_LENGTH) {
            throw new IllegalArgumentException("snap length " + snapLength + " must be 1 to " + DEFAULT_SNAP_LENGTH + " bytes");
        }
    }

    /** A builder with the defaults; only the interface name must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings of a {@link CaptureConfig}; {@link #build()} checks them. */
    public static final class Builder {
        private String interfaceName;
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private boolean immediate;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private TimestampType timestampType = TimestampType.DEFAULT;
        private BpfProgram filter = BpfProgram.ACCEPT_ALL;
        private int snapLength = DEFAULT_SNAP_LENGTH;
        private boolean promiscuous;
        private String filterExpression = "";

        private Builder() {
        }

        /** The interface to attach to. Required. */
        public Builder interfaceName(String name) {
            this.interfaceName = name;
            return this;
        }

        /** Requested bytes per buffer, header included. */
        public Builder bufferSize(int bytes) {
            this.bufferSize = bytes;
            return this;
        }

        /** Wake the reader on every packet. */
        public Builder immediate(boolean on) {
            this.immediate = on;
            return this;
        }

        /** The read timeout; zero for none. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /** The timestamp type. */
        public Builder timestampType(TimestampType type) {
            this.timestampType = type;
            return this;
        }

        /** The filter program (and no expression). */
        public Builder filter(BpfProgram program) {
            this.filter = program;
            this.filterExpression = "";
            return this;
        }

        /** The filter as an expression, compiled when the capture opens (and no program). */
        public Builder filterExpression(String expression) {
            this.filterExpression = expression;
            this.filter = BpfProgram.ACCEPT_ALL;
            return this;
        }

        /** The most bytes of each packet to capture. */
        public Builder snapLength(int bytes) {
            this.snapLength = bytes;
            return this;
        }

        /** Put the interface into promiscuous mode. */
        public Builder promiscuous(boolean on) {
            this.promiscuous = on;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException without an interface name, or for a setting out of range
         */
        public CaptureConfig build() {
            return new CaptureConfig(interfaceName, bufferSize, immediate, readTimeout, timestampType, filter, snapLength,
                promiscuous, filterExpression);
        }
    }
}
