package io.zbuf.freebsd;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.zbuf.core.kernel.seed.SeedKernel;
import io.zbuf.core.layout.BpfAlignment;
import io.zbuf.core.layout.BpfRecordHeader;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMemory;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.Device;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.TimestampType;
import io.zbuf.spi.ZbufId;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * A kernel-side descriptor whose zero-copy part is FreeBSD's own {@code bpf_zerocopy.c}, compiled (the seed, see
 * docs/oracle.md): BIOCSETZBUF, the appends, the hand-offs, canfree/canwrite, BIOCROTZBUF and BIOCGETZMAX are the
 * seed's. The parts of {@code bpf.c} the seed lacks are zbuf's, written here: the ioctl state (buffer mode,
 * immediate, read timeout, timestamp type), catchpacket()'s decisions and record framing for the packets a test
 * {@link #deliver delivers} (every packet kept whole, timestamps zero, Ethernet framing), bpf_ready() for poll, and
 * the statistics. The user's buffers must lie in the seed's user address space ({@link FakeFreeBsdKernelLibc}'s
 * mmap gives them from there). Thread-safe: one lock around everything. Test-only.
 */
final class SeedKernelDevice implements Device {
    private final SeedKernel seed;
    private final Pointer descriptor;
    private final int hdrlen = BpfRecordHeader.headerLength(LinkType.EN10MB);
    private BufferMode mode = BufferMode.BUFFER;
    private boolean immediate;
    private boolean attached;
    private boolean closed;
    private boolean timedOut;
    private long readTimeoutNanos;
    private TimestampType timestampType = TimestampType.DEFAULT;
    private long addressA;
    private long received;
    private long dropped;

    SeedKernelDevice(SeedKernel seed) {
        this.seed = seed;
        this.descriptor = seed.zseed_open();
    }

    @Override
    public BufferMemory bufferMemory() {
        throw new UnsupportedOperationException("the kernel side lends no memory: the user maps it");
    }

    @Override
    public synchronized BufferMode bufferMode() throws BpfException {
        return enter("BIOCGETBUFMODE").mode;
    }

    @Override
    public synchronized void setBufferMode(BufferMode mode) throws BpfException {
        enter("BIOCSETBUFMODE");
        if (state()[SeedKernel.STORE_UADDR] != 0 || attached) {
            throw new BpfException(Errno.EBUSY, "BIOCSETBUFMODE: buffers are set or an interface is attached");
        }
        this.mode = mode;
    }

    @Override
    public synchronized long zmax() throws BpfException {
        zeroCopy(enter("BIOCGETZMAX"));
        return seed.zseed_getzmax(descriptor);
    }

    @Override
    public synchronized void setZbuf(BpfZbuf zbuf) throws BpfException {
        zeroCopy(enter("BIOCSETZBUF"));
        long a = address(zbuf.bufA());
        int errno = seed.zseed_setzbuf(descriptor, pointer(a), pointer(address(zbuf.bufB())), zbuf.bufLen());
        refused(errno);
        if (errno != 0) {
            throw new BpfException(Errno.ofCode(errno), "BIOCSETZBUF (FreeBSD's bpf_zerocopy.c): errno " + errno);
        }
        addressA = a;
    }

    @Override
    public synchronized void setInterface(String interfaceName) throws BpfException {
        enter("BIOCSETIF");
        if (state()[SeedKernel.STORE_UADDR] == 0) {
            throw new BpfException(Errno.EINVAL, "BIOCSETIF: no buffers");
        }
        seed.zseed_attach(descriptor);
        attached = true;
    }

    @Override
    public synchronized LinkType linkType() throws BpfException {
        enter("BIOCGDLT");
        if (!attached) {
            throw new BpfException(Errno.EINVAL, "BIOCGDLT: not attached");
        }
        return LinkType.EN10MB;
    }

    @Override
    public synchronized int bufferSize() throws BpfException {
        enter("BIOCGBLEN");
        return (int) state()[SeedKernel.BUFSIZE];
    }

    @Override
    public synchronized void setBufferSize(int size) throws BpfException {
        enter("BIOCSBLEN");
        throw new BpfException(Errno.EOPNOTSUPP, "BIOCSBLEN: zero-copy mode only");
    }

    @Override
    public synchronized void setImmediate(boolean immediate) throws BpfException {
        enter("BIOCIMMEDIATE").immediate = immediate;
    }

    @Override
    public synchronized void setReadTimeout(Duration timeout) throws BpfException {
        enter("BIOCSRTIMEOUT").readTimeoutNanos = timeout.toNanos();
    }

    @Override
    public synchronized TimestampType timestampType() throws BpfException {
        return enter("BIOCGTSTAMP").timestampType;
    }

    @Override
    public synchronized void setTimestampType(TimestampType type) throws BpfException {
        enter("BIOCSTSTAMP").timestampType = type;
    }

    /** Every program is taken and none is run: packets are kept whole. */
    @Override
    public synchronized void setFilter(BpfProgram program) throws BpfException {
        enter("BIOCSETF");
    }

    @Override
    public synchronized void setPromiscuous() throws BpfException {
        enter("BIOCPROMISC");
    }

    @Override
    public synchronized BpfStats stats() throws BpfException {
        enter("BIOCGSTATS");
        return BpfStats.ofCounters(received, dropped);
    }

    @Override
    public synchronized void flush() throws BpfException {
        enter("BIOCFLUSH");
        throw new BpfException(Errno.EOPNOTSUPP, "BIOCFLUSH: not played here");
    }

    @Override
    public synchronized Rotation rotateZbuf() throws BpfException {
        zeroCopy(enter("BIOCROTZBUF"));
        long[] buffer = new long[1];
        long[] length = new long[1];
        refused(seed.zseed_rotzbuf(descriptor, buffer, length));
        return buffer[0] == 0 ? Rotation.NONE : new Rotation(buffer[0] == addressA ? ZbufId.A : ZbufId.B, (int) length[0]);
    }

    /** bpfpoll() and the read-timeout callout: waits until bpf_ready(), the timeout, or close. */
    @Override
    public synchronized boolean awaitReadable(Duration timeout) throws BpfException, InterruptedException {
        long start = System.nanoTime();
        boolean timer = readTimeoutNanos != 0;
        while (!closed && !ready()) {
            long elapsed = System.nanoTime() - start;
            if (timer && elapsed >= readTimeoutNanos) {
                timedOut = true;
                timer = false;
                continue;
            }
            long left = timeout.toNanos() - elapsed;
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, (timer ? Math.min(left, readTimeoutNanos - elapsed) : left) / 1_000_000));
        }
        if (closed) {
            throw new DeviceClosedException("poll");
        }
        return true;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            refused(seed.zseed_close(descriptor));
            notifyAll();
        }
    }

    /**
     * catchpacket() for a packet of {@code bytes}, kept whole: FreeBSD's decisions (lazy reclaim, rotation or
     * bpf_buffull) around the seed, then the record (header, padding, packet) appended with the seed's
     * bpf_append_bytes.
     */
    synchronized void deliver(byte[] bytes) {
        if (!attached || closed) {
            return;
        }
        received++;
        refused(seed.zseed_reclaim(descriptor));
        long[] state = state();
        int bufferSize = (int) state[SeedKernel.BUFSIZE];
        int totlen = Math.min(hdrlen + bytes.length, bufferSize);
        int slen = (int) state[SeedKernel.SLEN];
        int curlen = BpfAlignment.wordAlign(slen);
        boolean wakeup = immediate || timedOut;
        if (curlen + totlen > bufferSize || refused(seed.zseed_canwrite(descriptor)) == 0) {
            if (state[SeedKernel.FREE_UADDR] == 0) {
                refused(seed.zseed_buffull(descriptor));
                dropped++;
                return;
            }
            refused(seed.zseed_rotate(descriptor));
            wakeup = true;
            slen = 0;
            curlen = 0;
        }
        ByteBuffer record = ByteBuffer.allocate(curlen - slen + totlen).order(ByteOrder.nativeOrder());
        BpfRecordHeader.write(record, curlen - slen, 0, 0, totlen - hdrlen, bytes.length, hdrlen);
        record.put(curlen - slen + hdrlen, bytes, 0, totlen - hdrlen);
        refused(seed.zseed_append_bytes(descriptor, slen, record.array(), record.capacity()));
        seed.zseed_set_slen(descriptor, curlen + totlen);
        if (wakeup) {
            timedOut = false;
            notifyAll();
        }
    }

    /** bpf_ready(). */
    private boolean ready() {
        long[] state = state();
        return refused(seed.zseed_canfree(descriptor)) == 0 && state[SeedKernel.HLEN] != 0
            || (immediate || timedOut) && state[SeedKernel.SLEN] != 0;
    }

    /** bpfioctl()'s entry: a closed descriptor refuses; the read timeout stops (BPF_IDLE). */
    private SeedKernelDevice enter(String ioctl) throws DeviceClosedException {
        if (closed) {
            throw new DeviceClosedException(ioctl);
        }
        timedOut = false;
        return this;
    }

    private static void zeroCopy(SeedKernelDevice device) throws BpfException {
        if (device.mode != BufferMode.ZBUF) {
            throw new BpfException(Errno.EOPNOTSUPP, "zero-copy buffer mode only");
        }
    }

    private long[] state() {
        long[] state = new long[SeedKernel.STATE_COUNT];
        seed.zseed_state(descriptor, state);
        return state;
    }

    private int refused(int result) {
        if (result == SeedKernel.REFUSED) {
            throw new AssertionError("FreeBSD's bpf_zerocopy.c refused (KASSERT): " + seed.zseed_refusal());
        }
        return result;
    }

    private static long address(ByteBuffer buffer) {
        return buffer == null ? 0 : Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }

    private static Pointer pointer(long address) {
        return address == 0 ? null : new Pointer(address);
    }
}
