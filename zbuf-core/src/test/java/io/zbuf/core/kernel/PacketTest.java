package io.zbuf.core.kernel;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketTest {
    @Test
    void needsRoomForAFragment() {
        assertThatThrownBy(() -> new Packet(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThat(new Packet(1).fragmentCount()).isZero();
    }

    @Test
    void appendsFragmentsBetweenPositionAndLimit() {
        Packet packet = new Packet(2);
        ByteBuffer first = ByteBuffer.wrap(new byte[] {1, 2, 3, 4}, 1, 2);

        assertThat(packet.append(first)).isSameAs(packet);
        packet.append(ByteBuffer.wrap(new byte[] {5, 6, 7}));

        assertThat(packet.fragmentCount()).isEqualTo(2);
        assertThat(packet.length()).isEqualTo(5);
        assertThat(packet.wireLength()).isEqualTo(5);
        assertThat(packet.fragment(0)).isSameAs(first);
        assertThat(packet.unsignedByteAt(0)).isEqualTo(2);
        assertThat(packet.unsignedByteAt(1)).isEqualTo(3);
        assertThat(packet.unsignedByteAt(2)).isEqualTo(5);
        assertThat(packet.unsignedByteAt(4)).isEqualTo(7);
        assertThat(packet.unsignedByteAt(5)).isEqualTo(-1);
        assertThat(packet.unsignedByteAt(-1)).isEqualTo(-1);
        assertThatThrownBy(() -> packet.fragment(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> packet.append(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class).hasMessageContaining("maximum of 2");
    }

    @Test
    void readsBytesUnsigned() {
        Packet packet = new Packet(1).append(ByteBuffer.wrap(new byte[] {(byte) 0xFF}));

        assertThat(packet.unsignedByteAt(0)).isEqualTo(255);
    }

    @Test
    void carriesAWireLengthAndATimestamp() {
        Packet packet = new Packet(1).append(ByteBuffer.allocate(10));

        assertThat(packet.wireLength(1500)).isSameAs(packet);
        assertThat(packet.wireLength()).isEqualTo(1500);
        assertThat(packet.timestamped()).isFalse();
        assertThat(packet.timestamp(-5)).isSameAs(packet);
        assertThat(packet.timestamped()).isTrue();
        assertThat(packet.timestampNanos()).isEqualTo(-5);
        packet.wireLength(10);
        assertThat(packet.wireLength()).isEqualTo(10);
        assertThatThrownBy(() -> packet.wireLength(9)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("less than the 10 bytes");
    }

    @Test
    void aLongerFragmentRaisesTheWireLength() {
        Packet packet = new Packet(2).append(ByteBuffer.allocate(4)).wireLength(100);

        packet.append(ByteBuffer.allocate(200));

        assertThat(packet.wireLength()).isEqualTo(204);
        packet.reset().append(ByteBuffer.allocate(3)).wireLength(50).append(ByteBuffer.allocate(3));
        assertThat(packet.wireLength()).isEqualTo(50);
    }

    @Test
    void resetEmptiesItForReuse() {
        Packet packet = new Packet(2).append(ByteBuffer.allocate(4)).append(ByteBuffer.allocate(4)).wireLength(64).timestamp(9);

        assertThat(packet.reset()).isSameAs(packet);

        assertThat(packet.fragmentCount()).isZero();
        assertThat(packet.length()).isZero();
        assertThat(packet.wireLength()).isZero();
        assertThat(packet.timestamped()).isFalse();
        assertThat(packet.timestampNanos()).isZero();
        assertThatThrownBy(() -> packet.fragment(0)).isInstanceOf(IndexOutOfBoundsException.class);
        ByteBuffer first = ByteBuffer.allocate(1);
        ByteBuffer second = ByteBuffer.allocate(2);
        packet.append(first).append(second);
        assertThat(packet.fragmentCount()).isEqualTo(2);
        assertThat(packet.fragment(0)).isSameAs(first);
        assertThat(packet.fragment(1)).isSameAs(second);
        assertThat(packet.length()).isEqualTo(3);
    }

    @Test
    void theSameFragmentsAppendedAfterAResetAreThePacketAgain() {
        ByteBuffer head = ByteBuffer.allocate(14);
        ByteBuffer body = ByteBuffer.allocate(50);
        Packet packet = new Packet(2).append(head).append(body);

        packet.reset().append(head).append(body);

        assertThat(packet.fragmentCount()).isEqualTo(2);
        assertThat(packet.fragment(0)).isSameAs(head);
        assertThat(packet.fragment(1)).isSameAs(body);
        assertThat(packet.length()).isEqualTo(64);
    }
}
