package io.zbuf.shm.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zbuf.core.pcap.TrickleChannel;
import io.zbuf.spi.BpfException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/**
 * Jazzer: a stream of arbitrary bytes on a control connection, as a hostile peer may send, read frame by frame
 * and each frame's fields decoded as the daemon decodes a request of its type and as a user decodes the response
 * (an error response through {@link ErrorCodec}). Nothing but {@link ProtocolException} or {@link EOFException}
 * comes out, and the stream ends: at most one frame per 8 bytes.
 */
class ControlFrameFuzzTest {
    private final ControlFrame frame = new ControlFrame();

    @FuzzTest(maxDuration = "10s")
    void anyBytesOnAConnection(byte[] input) throws IOException {
        // reads of 1 to 9 bytes, as a socket may split a frame
        ReadableByteChannel channel = new TrickleChannel(input, 1 + input.length % 9);
        int frames = 0;
        try {
            while (frame.receive(channel)) {
                frames++;
                assertThat(frames).isLessThanOrEqualTo(input.length / ControlFrame.HEADER_LENGTH);
                decode(frame.type(), frame.status());
            }
        } catch (ProtocolException | EOFException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    /**
     * Reads the fields of the frame received as the side that reads fields of its type does (the table of
     * {@link MessageType}): the daemon those of OPEN, POLL and the SET_ requests, the user those of the other
     * responses; an error response as the user does.
     */
    private void decode(MessageType type, Status status) throws ProtocolException {
        if (status != Status.OK) {
            BpfException error = ErrorCodec.decode(frame);
            assertThat(error.getMessage()).isNotNull();
            return;
        }
        switch (type) {
            case OPEN -> {
                frame.getLong();
                assertThat(frame.getString().length()).isLessThanOrEqualTo(ControlFrame.MAX_STRING_BYTES);
            }
            case CREATE_INTERFACE -> {
                frame.getString();
                frame.getString();
            }
            case SET_BUFMODE, SET_BLEN, SET_TSTAMP, GET_BUFMODE, GET_DLT, GET_BLEN, GET_TSTAMP -> frame.getInt();
            case SET_ZBUF -> {
                frame.getLong();
                frame.getLong();
                frame.getLong();
            }
            case SET_IF -> frame.getString();
            case SET_IMMEDIATE -> frame.getByte();
            case SET_RTIMEOUT, POLL, GET_ZMAX -> frame.getLong();
            case SET_FILTER, INTERFACES -> {
                int count = frame.getInt();
                for (int i = 0; i < count; i++) {
                    if (type == MessageType.SET_FILTER) {
                        frame.getInt();
                        frame.getInt();
                        frame.getInt();
                        frame.getInt();
                    } else {
                        frame.getString();
                    }
                }
            }
            case GET_STATS -> {
                frame.getLong();
                frame.getLong();
            }
            case ROTATE -> {
                frame.getByte();
                frame.getInt();
            }
            default -> {
                // SET_PROMISC, FLUSH: no field either way
            }
        }
    }
}
