package io.zbuf.freebsd.libc;

/**
 * The bpf ioctls zbuf uses, with their request numbers encoded as FreeBSD's {@code <sys/ioccom.h>} does on amd64:
 * {@code direction | (argument length & 0x1fff) << 16 | 'B' << 8 | number}.
 */
public enum BpfIoctl {
    /** {@code _IOWR('B', 102, u_int)}: set the buffer size (copy mode only). */
    BIOCSBLEN(BpfIoctl.IOC_INOUT, 102, BpfIoctl.U_INT),
    /** {@code _IOR('B', 102, u_int)}: the buffer size. */
    BIOCGBLEN(BpfIoctl.IOC_OUT, 102, BpfIoctl.U_INT),
    /** {@code _IOW('B', 103, struct bpf_program)}: install a filter. */
    BIOCSETF(BpfIoctl.IOC_IN, 103, BpfProgramStruct.SIZE),
    /** {@code _IO('B', 104)}: flush. */
    BIOCFLUSH(BpfIoctl.IOC_VOID, 104, 0),
    /** {@code _IO('B', 105)}: promiscuous mode. */
    BIOCPROMISC(BpfIoctl.IOC_VOID, 105, 0),
    /** {@code _IOR('B', 106, u_int)}: the data-link type. */
    BIOCGDLT(BpfIoctl.IOC_OUT, 106, BpfIoctl.U_INT),
    /** {@code _IOW('B', 108, struct ifreq)}: attach to an interface. */
    BIOCSETIF(BpfIoctl.IOC_IN, 108, IfreqStruct.SIZE),
    /** {@code _IOW('B', 109, struct timeval)}: the read timeout. */
    BIOCSRTIMEOUT(BpfIoctl.IOC_IN, 109, TimevalStruct.SIZE),
    /** {@code _IOR('B', 111, struct bpf_stat)}: the counters. */
    BIOCGSTATS(BpfIoctl.IOC_OUT, 111, BpfStatStruct.SIZE),
    /** {@code _IOW('B', 112, u_int)}: immediate mode. */
    BIOCIMMEDIATE(BpfIoctl.IOC_IN, 112, BpfIoctl.U_INT),
    /** {@code _IOR('B', 125, u_int)}: the buffer mode. */
    BIOCGETBUFMODE(BpfIoctl.IOC_OUT, 125, BpfIoctl.U_INT),
    /** {@code _IOW('B', 126, u_int)}: set the buffer mode. */
    BIOCSETBUFMODE(BpfIoctl.IOC_IN, 126, BpfIoctl.U_INT),
    /** {@code _IOR('B', 127, size_t)}: the largest zero-copy buffer. */
    BIOCGETZMAX(BpfIoctl.IOC_OUT, 127, BpfIoctl.SIZE_T),
    /** {@code _IOR('B', 128, struct bpf_zbuf)}: hand the store buffer over. */
    BIOCROTZBUF(BpfIoctl.IOC_OUT, 128, BpfZbufStruct.SIZE),
    /** {@code _IOW('B', 129, struct bpf_zbuf)}: lend the two buffers. */
    BIOCSETZBUF(BpfIoctl.IOC_IN, 129, BpfZbufStruct.SIZE),
    /** {@code _IOR('B', 131, u_int)}: the timestamp type. */
    BIOCGTSTAMP(BpfIoctl.IOC_OUT, 131, BpfIoctl.U_INT),
    /** {@code _IOW('B', 132, u_int)}: set the timestamp type. */
    BIOCSTSTAMP(BpfIoctl.IOC_IN, 132, BpfIoctl.U_INT);

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

    private final long request;

    BpfIoctl(long direction, int number, int length) {
        this.request = encode(direction, number, length);
    }

    /** The request number {@link BsdLibc#ioctl} takes, zero-extended to an {@code unsigned long}. */
    public long request() {
        return request;
    }

    /** {@code _IOC(direction, 'B', number, length)}. */
    static long encode(long direction, int number, int length) {
        return direction | (long) (length & IOCPARM_MASK) << 16 | GROUP << 8 | number;
    }
}
