package io.zbuf.freebsd.libc;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code struct timeval}, the argument of BIOCSRTIMEOUT.
 *
 * <pre>
 *   0                     8                          16
 *   +---------------------+--------------------------+
 *   | tv_sec (time_t)     | tv_usec (suseconds_t)    |
 *   +---------------------+--------------------------+
 * </pre>
 */
@Structure.FieldOrder({"tv_sec", "tv_usec"})
public final class TimevalStruct extends Structure {
    /** {@code sizeof(struct timeval)} on LP64. */
    public static final int SIZE = 16;

    /** Seconds. */
    public long tv_sec;
    /** Microseconds, 0 to 999,999. */
    public long tv_usec;

    /** A zeroed structure in memory of its own. */
    public TimevalStruct() {
    }

    /** The structure at {@code memory}, at least {@link #SIZE} bytes. */
    public TimevalStruct(Pointer memory) {
        super(memory);
    }
}
