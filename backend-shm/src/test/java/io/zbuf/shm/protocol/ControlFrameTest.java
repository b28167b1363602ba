package io.zbuf.shm.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlFrameTest {
    private final ControlFrame frame = new ControlFrame();

    @Test
    void fieldsComeOutAsTheyWentIn() throws Exception {
        byte[] wire = send(new ControlFrame().begin(MessageType.SET_ZBUF, Status.FAILED)
                .putByte(-3).putInt(0x12345678).putLong(-2L).putString("héllo").putString(""));
        assertThat(frame.receive(channel(wire))).isTrue();
        assertThat(frame.type()).isEqualTo(MessageType.SET_ZBUF);
        assertThat(frame.status()).isEqualTo(Status.FAILED);
        assertThat(frame.getByte()).isEqualTo(-3);
        assertThat(frame.getInt()).isEqualTo(0x12345678);
        assertThat(frame.getLong()).isEqualTo(-2L);
        assertThat(frame.getString()).isEqualTo("héllo");
        assertThat(frame.getString()).isEmpty();
        assertThatThrownBy(frame::getByte).isInstanceOf(ProtocolException.class).hasMessageContaining("shorter");
    }

    @Test
    void theHeaderHoldsLengthTypeAndStatusAtTheirOffsets() throws Exception {
        byte[] wire = send(new ControlFrame().begin(MessageType.POLL, Status.CLOSED).putLong(7));
        ByteBuffer header = ByteBuffer.wrap(wire);
        assertThat(wire).hasSize(ControlFrame.HEADER_LENGTH + 8);
        assertThat(header.getInt(ControlFrame.LENGTH_OFFSET)).isEqualTo(wire.length);
        assertThat(header.getShort(ControlFrame.TYPE_OFFSET)).isEqualTo((short) MessageType.POLL.code());
        assertThat(header.getShort(ControlFrame.STATUS_OFFSET)).isEqualTo((short) Status.CLOSED.code());
    }

    @Test
    void framesFollowOneAnotherOnAStream() throws Exception {
        byte[] first = send(new ControlFrame().begin(MessageType.GET_ZMAX, Status.OK).putLong(1));
        byte[] second = send(new ControlFrame().begin(MessageType.FLUSH, Status.OK));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        ReadableByteChannel channel = channel(both);
        assertThat(frame.receive(channel)).isTrue();
        assertThat(frame.getLong()).isEqualTo(1);
        assertThat(frame.receive(channel)).isTrue();
        assertThat(frame.type()).isEqualTo(MessageType.FLUSH);
        assertThat(frame.receive(channel)).isFalse();
    }

    @Test
    void aConnectionEndingInsideAFrameIsAnError() throws Exception {
        byte[] wire = send(new ControlFrame().begin(MessageType.GET_ZMAX, Status.OK).putLong(1));
        assertThatThrownBy(() -> frame.receive(channel(Arrays.copyOf(wire, wire.length - 1)))).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> frame.receive(channel(Arrays.copyOf(wire, 3)))).isInstanceOf(EOFException.class);
    }

    @Test
    void lengthsOutsideTheLimitsAreRefused() {
        for (int length : new int[] {ControlFrame.HEADER_LENGTH - 1, ControlFrame.MAX_LENGTH + 1, -1}) {
            byte[] wire = ByteBuffer.allocate(ControlFrame.HEADER_LENGTH).putInt(0, length).array();
            assertThatThrownBy(() -> frame.receive(channel(wire))).isInstanceOf(ProtocolException.class).hasMessageContaining("" + length);
        }
    }

    @Test
    void theLargestFrameIsAccepted() throws Exception {
        ControlFrame big = new ControlFrame().begin(MessageType.SET_FILTER, Status.OK);
        for (int i = 0; i < (ControlFrame.MAX_LENGTH - ControlFrame.HEADER_LENGTH) / 4; i++) {
            big.putInt(i);
        }
        assertThat(frame.receive(channel(send(big)))).isTrue();
    }

    @Test
    void unknownTypesAndStatusesAreRefused() {
        byte[] wire = ByteBuffer.allocate(ControlFrame.HEADER_LENGTH).putInt(0, ControlFrame.HEADER_LENGTH)
                .putShort(ControlFrame.TYPE_OFFSET, (short) MessageType.values().length).array();
        assertThatThrownBy(() -> frame.receive(channel(wire))).isInstanceOf(ProtocolException.class).hasMessageContaining("message type");
        byte[] status = ByteBuffer.allocate(ControlFrame.HEADER_LENGTH).putInt(0, ControlFrame.HEADER_LENGTH)
                .putShort(ControlFrame.STATUS_OFFSET, (short) Status.values().length).array();
        assertThatThrownBy(() -> frame.receive(channel(status))).isInstanceOf(ProtocolException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> MessageType.ofCode(-1)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Status.ofCode(-1)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void stringsAreBoundedBothWays() throws Exception {
        String longest = "x".repeat(ControlFrame.MAX_STRING_BYTES);
        assertThat(frame.receive(channel(send(new ControlFrame().begin(MessageType.SET_IF, Status.OK).putString(longest))))).isTrue();
        assertThat(frame.getString()).isEqualTo(longest);
        assertThatThrownBy(() -> new ControlFrame().begin(MessageType.SET_IF, Status.OK).putString(longest + "x"))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] lying = send(new ControlFrame().begin(MessageType.SET_IF, Status.OK).putInt(0x00100000));
        assertThat(frame.receive(channel(lying))).isTrue();
        assertThatThrownBy(frame::getString).isInstanceOf(ProtocolException.class).hasMessageContaining("runs past");
        byte[] tooLong = send(new ControlFrame().begin(MessageType.SET_IF, Status.OK).putByte(0x10).putByte(0x01));
        assertThat(frame.receive(channel(tooLong))).isTrue();
        assertThatThrownBy(frame::getString).isInstanceOf(ProtocolException.class);
        byte[] empty = send(new ControlFrame().begin(MessageType.SET_IF, Status.OK));
        assertThat(frame.receive(channel(empty))).isTrue();
        assertThatThrownBy(frame::getString).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(frame::getInt).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(frame::getLong).isInstanceOf(ProtocolException.class);
    }

    @Test
    void eachMessageTypeNamesItsOperation() throws Exception {
        assertThat(MessageType.SET_ZBUF.operation()).isEqualTo("BIOCSETZBUF");
        for (MessageType type : MessageType.values()) {
            assertThat(MessageType.ofCode(type.code())).isSameAs(type);
        }
        for (Status status : Status.values()) {
            assertThat(Status.ofCode(status.code())).isSameAs(status);
        }
    }

    private static byte[] send(ControlFrame frame) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel channel = Channels.newChannel(out);
        frame.send(channel);
        return out.toByteArray();
    }

    private static ReadableByteChannel channel(byte[] bytes) {
        return Channels.newChannel(new ByteArrayInputStream(bytes));
    }
}
