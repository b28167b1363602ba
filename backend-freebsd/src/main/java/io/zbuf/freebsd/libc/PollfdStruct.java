package io.zbuf.freebsd.libc;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code struct pollfd}, one entry of the array {@link BsdLibc#poll} takes.
 *
 * <pre>
 *   0            4                6                 8
 *   +------------+----------------+-----------------+
 *   | fd (int)   | events (short) | revents (short) |
 *   +------------+----------------+-----------------+
 * </pre>
 */
@Structure.FieldOrder({"fd", "events", "revents"})
public final class PollfdStruct extends Structure {
    /** {@code sizeof(struct pollfd)}. */
    public static final int SIZE = 8;

    /** The descriptor. */
    public int fd;
    /** The events asked for. */
    public short events;
    /** The events that happened, written by the kernel. */
    public short revents;

    /** A zeroed structure in memory of its own. */
    public PollfdStruct() {
    }

    /** The structure at {@code memory}, at least {@link #SIZE} bytes. */
    public PollfdStruct(Pointer memory) {
        super(memory);
    }
}
