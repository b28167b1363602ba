package io.zbuf.host;

import io.zbuf.core.kernel.Packet;
import io.zbuf.core.source.PacketSource;
import io.zbuf.core.source.SourceFactory;
import io.zbuf.core.source.SourceKind;
import io.zbuf.spi.LinkType;

import java.nio.ByteBuffer;

/**
 * {@code throwing:N,runtime} or {@code throwing:N,error}: a source with a bug, which delivers packets 0 to N-1
 * and then throws an {@link IllegalStateException} or a {@link StackOverflowError}. Test-only.
 */
public final class ThrowingSourceKind implements SourceKind {
    static final String RUNTIME_MESSAGE = "a bug in the source";
    static final String ERROR_MESSAGE = "an error in the source";

    @Override
    public String name() {
        return "throwing";
    }

    @Override
    public String usage() {
        return "throwing:N,runtime|error";
    }

    @Override
    public String description() {
        return "a source that throws at packet N";
    }

    @Override
    public Throwable unavailabilityCause() {
        return null;
    }

    @Override
    public SourceFactory define(String settings) {
        String[] parts = settings.split(",", 2);
        int throwAt = Integer.parseInt(parts[0]);
        boolean error = parts[1].equals("error");
        return new SourceFactory() {
            @Override
            public PacketSource open() {
                return new PacketSource() {
                    private final ByteBuffer frame = ByteBuffer.allocate(60);
                    private int produced;

                    @Override
                    public LinkType linkType() {
                        return LinkType.EN10MB;
                    }

                    @Override
                    public boolean next(Packet packet) {
                        if (produced == throwAt) {
                            if (error) {
                                throw new StackOverflowError(ERROR_MESSAGE);
                            }
                            throw new IllegalStateException(RUNTIME_MESSAGE);
                        }
                        frame.clear().putInt(0, produced++);
                        packet.append(frame);
                        return true;
                    }

                    @Override
                    public boolean waitsForReaders() {
                        return true;
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public String describe() {
                return "a source that throws at packet " + throwAt;
            }
        };
    }
}
