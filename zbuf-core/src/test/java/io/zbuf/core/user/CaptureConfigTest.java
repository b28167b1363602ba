package io.zbuf.core.user;

import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.TimestampFormat;
import io.zbuf.spi.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaptureConfigTest {
    private static CaptureConfig.Builder em0() {
        return CaptureConfig.builder().interfaceName("em0");
    }

    @Test
    void defaultsAreLibpcapsAndTcpdumps() {
        CaptureConfig config = em0().build();

        assertThat(config.interfaceName()).isEqualTo("em0");
        assertThat(config.bufferSize()).isEqualTo(512 * 1024).isEqualTo(CaptureConfig.DEFAULT_BUFFER_SIZE);
        assertThat(config.immediate()).isFalse();
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(1)).isEqualTo(CaptureConfig.DEFAULT_READ_TIMEOUT);
        assertThat(config.timestampType()).isEqualTo(TimestampType.DEFAULT);
        assertThat(config.filter()).isEqualTo(BpfProgram.ACCEPT_ALL);
        assertThat(config.snapLength()).isEqualTo(262_144).isEqualTo(CaptureConfig.DEFAULT_SNAP_LENGTH);
        assertThat(config.promiscuous()).as("pcap_create's default").isFalse();
    }

    @Test
    void theBuilderSetsEverySetting() {
        BpfProgram filter = new BpfProgram(List.of(new BpfInsn(0x06, 0, 0, 0)));
        TimestampType type = new TimestampType(TimestampFormat.BINTIME, true, false);

        CaptureConfig config = em0().interfaceName("lo0").bufferSize(33).immediate(true).readTimeout(Duration.ZERO)
            .timestampType(type).filter(filter).snapLength(96).promiscuous(true).build();

        assertThat(config).isEqualTo(new CaptureConfig("lo0", 33, true, Duration.ZERO, type, filter, 96, true, ""));
    }

    @Test
    void anInterfaceNameIsRequiredAndFitsIfnamsiz() {
        assertThatThrownBy(() -> CaptureConfig.builder().build()).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("an interface name is required");
        assertThatThrownBy(() -> em0().interfaceName("").build()).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("interface name \"\" must have 1 to 15 characters");
        assertThatThrownBy(() -> em0().interfaceName("a234567890123456").build()).isInstanceOf(IllegalArgumentException.class);
        assertThat(em0().interfaceName("a23456789012345").build().interfaceName()).hasSize(15);
        assertThat(em0().interfaceName("a").build().interfaceName()).isEqualTo("a");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 32, (1 << 30) + 1, Integer.MAX_VALUE})
    void aBufferSizeWithoutRoomForRecordsOrAbove1GiBIsRefused(int size) {
        assertThatThrownBy(() -> em0().bufferSize(size).build()).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("buffer size " + size + " must exceed the 32-byte header and be at most 1073741824");
    }

    @Test
    void bufferSizesAtTheLimitsAreAccepted() {
        assertThat(em0().bufferSize(33).build().bufferSize()).isEqualTo(33);
        assertThat(em0().bufferSize(1 << 30).build().bufferSize()).isEqualTo(CaptureConfig.MAX_BUFFER_SIZE);
    }

    @Test
    void aReadTimeoutIsZeroOrAtLeastAMicrosecond() {
        assertThatThrownBy(() -> em0().readTimeout(Duration.ofNanos(-1)).build()).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("read timeout PT-0.000000001S must be zero (none) or at least 1 microsecond");
        assertThatThrownBy(() -> em0().readTimeout(Duration.ofNanos(999)).build()).isInstanceOf(IllegalArgumentException.class);
        assertThat(em0().readTimeout(Duration.ofNanos(1000)).build().readTimeout()).isEqualTo(Duration.ofNanos(1000));
        assertThat(em0().readTimeout(Duration.ZERO).build().readTimeout()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 262_145, Integer.MAX_VALUE})
    void aSnapLengthOutsideOneTo262144IsRefused(int snapLength) {
        assertThatThrownBy(() -> em0().snapLength(snapLength).build()).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("snap length " + snapLength + " must be 1 to 262144 bytes");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {1, 262_144})
    void snapLengthsAtTheLimitsAreAccepted(int snapLength) {
        assertThat(em0().snapLength(snapLength).build().snapLength()).isEqualTo(snapLength);
    }

    @Test
    void missingSettingsAreRefused() {
        assertThatThrownBy(() -> em0().readTimeout(null).build()).isInstanceOf(NullPointerException.class).hasMessage("readTimeout");
        assertThatThrownBy(() -> em0().timestampType(null).build()).isInstanceOf(NullPointerException.class)
            .hasMessage("timestampType");
        assertThatThrownBy(() -> em0().filter(null).build()).isInstanceOf(NullPointerException.class).hasMessage("filter");
    }
}
