package io.zbuf.examples.bench;

import org.agrona.IoUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Agrona's {@link OneToOneRingBuffer} over a memory-mapped file in /dev/shm, between two processes: the
 * lowest-level shared-memory queue a Java user would reach for. This JVM creates the file and reads; a child
 * JVM maps it and writes, retrying (busy-spinning) while the ring is full. The ring holds 1 MiB, as much as
 * zbuf's two 512 KiB buffers.
 */
public final class RingBufferTransport implements Transport {
    /** Bytes of messages the ring holds: a power of two. */
    static final int CAPACITY = 1 << 20;
    private static final int MESSAGE_TYPE = 1;

    private int nextFile;

    @Override
    public Session open(int size, long count, int runs) throws Exception {
        Path file = SharedMemory.directory().resolve("zbuf-bench-ring-" + ProcessHandle.current().pid() + "-" + nextFile++);
        MappedByteBuffer mapping = map(file, true);
        AutoCloseable unmapAndDelete = () -> {
            IoUtil.unmap(mapping);
            Files.deleteIfExists(file);
        };
        try {
            RingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(mapping));
            Producer producer = Producer.childJvm(RingWriter.class, List.of(file.toString(), Integer.toString(size), Long.toString(count * runs)));
            CurrentRun current = new CurrentRun();
            MessageHandler handler = (type, buffer, index, length) -> current.onMessage(Messages.sequence(buffer, index));
            return new LosslessSession(producer, current, limit -> ring.read(handler, limit), count, unmapAndDelete);
        } catch (IOException | RuntimeException e) {
            unmapAndDelete.close();
            throw e;
        }
    }

    /** Nothing outlives a session. */
    @Override
    public void close() {
        // every session released its file
    }

    /** Maps the ring's file, creating it (zeroed) or opening the one the reader created. */
    static MappedByteBuffer map(Path file, boolean create) throws IOException {
        int length = CAPACITY + RingBufferDescriptor.TRAILER_LENGTH;
        try (FileChannel channel = create
                ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
        }
    }

    /** The writer, main class of the child JVM: {@code FILE SIZE TOTAL}. */
    public static final class RingWriter {
        private RingWriter() {
        }

        /** Writes {@code TOTAL} messages of {@code SIZE} bytes numbered 0, 1, ... into the ring in {@code FILE}. */
        public static void main(String[] args) throws IOException {
            MappedByteBuffer mapping = map(Path.of(args[0]), false);
            RingBuffer ring = new OneToOneRingBuffer(new UnsafeBuffer(mapping));
            int size = Integer.parseInt(args[1]);
            long total = Long.parseLong(args[2]);
            UnsafeBuffer message = Messages.template(size);
            IdleStrategy idle = Messages.idleStrategy();
            for (long sequence = 0; sequence < total; sequence++) {
                Messages.stamp(message, sequence);
                while (!ring.write(MESSAGE_TYPE, message, 0, size)) {
                    idle.idle();
                }
                idle.reset();
            }
            IoUtil.unmap(mapping);
        }
    }
}
