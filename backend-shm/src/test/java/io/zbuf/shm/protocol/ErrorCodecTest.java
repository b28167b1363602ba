package io.zbuf.shm.protocol;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.NoSuchInterfaceException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorCodecTest {
    @Test
    void aRefusalArrivesWithItsErrnoAndSentence() throws Exception {
        BpfException original = new BpfException(Errno.EFAULT, "BIOCSETZBUF: buffer A is read-only");
        BpfException decoded = roundTrip(MessageType.SET_ZBUF, original, null);
        assertThat(decoded).isExactlyInstanceOf(BpfException.class);
        assertThat(decoded.errno()).isEqualTo(Errno.EFAULT);
        assertThat(decoded.getMessage()).isEqualTo(original.getMessage());
    }

    @Test
    void aClosedDescriptorArrivesAsSuchNamingTheOperation() throws Exception {
        BpfException decoded = roundTrip(MessageType.ROTATE, new DeviceClosedException("whatever"), null);
        assertThat(decoded).isInstanceOf(DeviceClosedException.class).hasMessage(new DeviceClosedException("BIOCROTZBUF").getMessage());
    }

    @Test
    void aGoneInterfaceArrivesAsSuchNamingTheInterface() throws Exception {
        assertThat(roundTrip(MessageType.POLL, new InterfaceGoneException("replay0"), "replay0"))
                .isInstanceOf(InterfaceGoneException.class).hasMessage(new InterfaceGoneException("replay0").getMessage());
        assertThat(roundTrip(MessageType.POLL, new InterfaceGoneException("x"), null)).hasMessageContaining("interface ?");
    }

    @Test
    void anUnknownInterfaceArrivesAsSuchWithTheInterfacesThatExist() throws Exception {
        BpfException decoded = roundTrip(MessageType.SET_IF, new NoSuchInterfaceException("eth9", List.of("shm0", "lo0")), null);
        assertThat(decoded).isInstanceOfSatisfying(NoSuchInterfaceException.class, e -> {
            assertThat(e.interfaceName()).isEqualTo("eth9");
            assertThat(e.existing()).containsExactly("shm0", "lo0");
        });
        assertThat(roundTrip(MessageType.SET_IF, new NoSuchInterfaceException("eth9", List.of()), null))
                .isInstanceOfSatisfying(NoSuchInterfaceException.class, e -> assertThat(e.existing()).isEmpty());
    }

    @Test
    void aNegativeCountOfInterfacesIsAProtocolError() throws Exception {
        ControlFrame frame = receive(new ControlFrame().begin(MessageType.SET_IF, Status.NO_SUCH_INTERFACE).putString("eth9").putInt(-1));
        assertThatThrownBy(() -> ErrorCodec.decode(frame)).isInstanceOf(ProtocolException.class).hasMessageContaining("-1");
    }

    @Test
    void anUnknownErrnoOrAnErrorlessStatusIsAProtocolError() throws Exception {
        ControlFrame frame = receive(new ControlFrame().begin(MessageType.FLUSH, Status.FAILED).putInt(999).putString("odd"));
        assertThatThrownBy(() -> ErrorCodec.decode(frame)).isInstanceOf(ProtocolException.class).hasMessageContaining("999");
        ControlFrame ok = receive(new ControlFrame().begin(MessageType.FLUSH, Status.OK));
        assertThatThrownBy(() -> ErrorCodec.decode(ok)).isInstanceOf(ProtocolException.class);
    }

    private static BpfException roundTrip(MessageType type, BpfException error, String attached) throws Exception {
        ControlFrame out = new ControlFrame();
        ErrorCodec.encode(out, type, error, attached);
        return ErrorCodec.decode(receive(out));
    }

    private static ControlFrame receive(ControlFrame sent) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        sent.send(Channels.newChannel(bytes));
        ControlFrame in = new ControlFrame();
        assertThat(in.receive(Channels.newChannel(new ByteArrayInputStream(bytes.toByteArray())))).isTrue();
        return in;
    }
}
