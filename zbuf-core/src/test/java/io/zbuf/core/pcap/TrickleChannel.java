package io.zbuf.core.pcap;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A blocking channel over bytes in memory that delivers at most {@code chunk} bytes a read, as a pipe or a socket
 * may, then the end of the stream. Shared with other modules through the test-jar.
 */
public final class TrickleChannel implements ReadableByteChannel {
    private final ByteBuffer input;
    private final int chunk;
    private boolean open = true;

    public TrickleChannel(byte[] input, int chunk) {
        this.input = ByteBuffer.wrap(input);
        this.chunk = chunk;
    }

    @Override
    public int read(ByteBuffer dst) {
        if (!input.hasRemaining()) {
            return -1;
        }
        int length = Math.min(Math.min(chunk, dst.remaining()), input.remaining());
        dst.put(input.slice(input.position(), length));
        input.position(input.position() + length);
        return length;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
