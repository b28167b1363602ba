package io.zbuf.examples.bench;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.nio.ByteBuffer;

/**
 * The messages the Aeron and Agrona producers send: {@code size} bytes whose first four carry the sequence
 * number (unsigned 32-bit, native order), the rest a fixed filler, as a synthetic frame carries its number in
 * its UDP payload.
 */
final class Messages {
    /** Where the sequence number sits. */
    static final int SEQUENCE_OFFSET = 0;
    /** The smallest message: the sequence number alone. */
    static final int MINIMUM_SIZE = Integer.BYTES;

    /** Below this many CPUs a spinning producer and consumer would starve Aeron's driver thread: they yield instead. */
    static final int SPIN_MINIMUM_CPUS = 4;

    private Messages() {
    }

    /**
     * How the Aeron and Agrona producers and consumers wait for room or data: busy-spinning, their best case,
     * where there are cores enough; yielding on a smaller machine, where the media driver's conductor thread
     * (which moves an IPC publication's limit forward) must get CPU time too.
     */
    static IdleStrategy idleStrategy() {
        return spins() ? new BusySpinIdleStrategy() : new YieldingIdleStrategy();
    }

    /** Whether readers and writers of every transport busy-spin (true) or yield while they wait without blocking. */
    static boolean spins() {
        return Runtime.getRuntime().availableProcessors() >= SPIN_MINIMUM_CPUS;
    }

    /** A message of {@code size} bytes in direct memory, filler written, to be {@linkplain #stamp stamped} per send. */
    static UnsafeBuffer template(int size) {
        if (size < MINIMUM_SIZE) {
            throw new IllegalArgumentException("a message of " + size + " bytes cannot hold its 4-byte sequence number");
        }
        UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(size));
        for (int i = MINIMUM_SIZE; i < size; i++) {
            message.putByte(i, (byte) i);
        }
        return message;
    }

    /** Writes {@code sequence} into the message. */
    static void stamp(MutableDirectBuffer message, long sequence) {
        message.putInt(SEQUENCE_OFFSET, (int) sequence);
    }

    /** The sequence number of the message at {@code offset}. */
    static long sequence(DirectBuffer buffer, int offset) {
        return Integer.toUnsignedLong(buffer.getInt(offset + SEQUENCE_OFFSET));
    }
}
