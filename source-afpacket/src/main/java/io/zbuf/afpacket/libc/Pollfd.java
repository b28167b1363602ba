package io.zbuf.afpacket.libc;

import com.sun.jna.Memory;

/**
 * An array of {@code struct pollfd}.
 *
 * <pre>
 *   0 fd (int)   4 events (short)   6 revents (short)   (8 bytes each)
 * </pre>
 */
public final class Pollfd {
    /** {@code sizeof(struct pollfd)}. */
    public static final int LENGTH = 8;
    public static final int EVENTS_OFFSET = 4;
    public static final int REVENTS_OFFSET = 6;

    private Pollfd() {
    }

    /** An array asking for {@code POLLIN} on each of {@code fds}. */
    public static Memory readable(int... fds) {
        Memory array = new Memory((long) LENGTH * fds.length);
        array.clear();
        for (int i = 0; i < fds.length; i++) {
            array.setInt((long) i * LENGTH, fds[i]);
            array.setShort((long) i * LENGTH + EVENTS_OFFSET, LinuxLibc.POLLIN);
        }
        return array;
    }

    /** The events the kernel reported for entry {@code index}. */
    public static int revents(Memory array, int index) {
        return Short.toUnsignedInt(array.getShort((long) index * LENGTH + REVENTS_OFFSET));
    }

    /** Clears every entry's reported events, for the next poll. */
    public static void clearRevents(Memory array) {
        for (long offset = 0; offset < array.size(); offset += LENGTH) {
            array.setShort(offset + REVENTS_OFFSET, (short) 0);
        }
    }
}
