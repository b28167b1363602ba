package io.zbuf.freebsd.libc;

/**
 * The request numbers of the bpf ioctls zbuf uses, encoded as FreeBSD's {@code <sys/ioccom.h>} does on amd64:
 * {@code direction | (argument length & 0x1fff) << 16 | 'B' << 8 | number}.
 */
public final class BpfIoctl {
    /** {@code IOC_VOID}: no argument. */
    public static final long IOC_VOID = 0x2000_0000L;
    /** {@code IOC_OUT}: the kernel copies the argument out ({@code _IOR}). */
    public static final long IOC_OUT = 0x4000_0000L;
    /** {@code IOC_IN}: the kernel copies the argument in ({@code _IOW}). */
    public static final long IOC_IN = 0x8000_0000L;
    /** {@code IOC_INOUT}: both ({@code _IOWR}). */
    public static final long IOC_INOUT = IOC_IN | IOC_OUT;
    /** {@code IOCPARM_MASK}: the argument length field. */
    public static final int IOCPARM_MASK = 0x1fff;
    /** The group letter of bpf's requests. */
    public static final char GROUP = 'B';

    /** Bytes of a {@code u_int} argument. */
    private static final int U_INT = Integer.BYTES;
    /** Bytes of a {@code size_t} argument on LP64. */
    private static final int SIZE_T = Long.BYTES;

    /** {@code _IOWR('B', 102, u_int)}: set the buffer size (copy mode only). */
    public static final long BIOCSBLEN = encode(IOC_INOUT, 102, U_INT);
    /** {@code _IOR('B', 102, u_int)}: the buffer size. */
    public static final long BIOCGBLEN = encode(IOC_OUT, 102, U_INT);
    /** {@code _IOW('B', 103, struct bpf_program)}: install a filter. */
    public static final long BIOCSETF = encode(IOC_IN, 103, BpfProgramStruct.SIZE);
    /** {@code _IO('B', 104)}: flush. */
    public static final long BIOCFLUSH = encode(IOC_VOID, 104, 0);
    /** {@code _IO('B', 105)}: promiscuous mode. */
    public static final long BIOCPROMISC = encode(IOC_VOID, 105, 0);
    /** {@code _IOR('B', 106, u_int)}: the data-link type. */
    public static final long BIOCGDLT = encode(IOC_OUT, 106, U_INT);
    /** {@code _IOW('B', 108, struct ifreq)}: attach to an interface. */
    public static final long BIOCSETIF = encode(IOC_IN, 108, IfreqStruct.SIZE);
    /** {@code _IOW('B', 109, struct timeval)}: the read timeout. */
    public static final long BIOCSRTIMEOUT = encode(IOC_IN, 109, TimevalStruct.SIZE);
    /** {@code _IOR('B', 111, struct bpf_stat)}: the counters. */
    public static final long BIOCGSTATS = encode(IOC_OUT, 111, BpfStatStruct.SIZE);
    /** {@code _IOW('B', 112, u_int)}: immediate mode. */
    public static final long BIOCIMMEDIATE = encode(IOC_IN, 112, U_INT);
    /** {@code _IOR('B', 125, u_int)}: the buffer mode. */
    public static final long BIOCGETBUFMODE = encode(IOC_OUT, 125, U_INT);
    /** {@code _IOW('B', 126, u_int)}: set the buffer mode. */
    public static final long BIOCSETBUFMODE = encode(IOC_IN, 126, U_INT);
    /** {@code _IOR('B', 127, size_t)}: the largest zero-copy buffer. */
    public static final long BIOCGETZMAX = encode(IOC_OUT, 127, SIZE_T);
    /** {@code _IOR('B', 128, struct bpf_zbuf)}: hand the store buffer over. */
    public static final long BIOCROTZBUF = encode(IOC_OUT, 128, BpfZbufStruct.SIZE);
    /** {@code _IOW('B', 129, struct bpf_zbuf)}: lend the two buffers. */
    public static final long BIOCSETZBUF = encode(IOC_IN, 129, BpfZbufStruct.SIZE);
    /** {@code _IOR('B', 131, u_int)}: the timestamp type. */
    public static final long BIOCGTSTAMP = encode(IOC_OUT, 131, U_INT);
    /** {@code _IOW('B', 132, u_int)}: set the timestamp type. */
    public static final long BIOCSTSTAMP = encode(IOC_IN, 132, U_INT);

    private BpfIoctl() {
    }

    /** {@code _IOC(direction, 'B', number, length)}. */
    static long encode(long direction, int number, int length) {
        return direction | (long) (length & IOCPARM_MASK) << 16 | GROUP << 8 | number;
    }
}
