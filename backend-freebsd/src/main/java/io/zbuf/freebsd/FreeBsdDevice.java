package io.zbuf.freebsd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.zbuf.core.layout.ZbufHeader;
import io.zbuf.freebsd.libc.BpfInsnStruct;
import io.zbuf.freebsd.libc.BpfIoctl;
import io.zbuf.freebsd.libc.BpfProgramStruct;
import io.zbuf.freebsd.libc.BpfStatStruct;
import io.zbuf.freebsd.libc.BpfZbufStruct;
import io.zbuf.freebsd.libc.BsdLibc;
import io.zbuf.freebsd.libc.IfreqStruct;
import io.zbuf.freebsd.libc.PollfdStruct;
import io.zbuf.freebsd.libc.TimevalStruct;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMemory;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.Device;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.NoSuchInterfaceException;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.LinkType;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.TimestampType;
import io.zbuf.spi.ZbufId;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A descriptor of FreeBSD's {@code /dev/bpf}: each method is one ioctl (or {@code poll(2)}) on it, through
 * {@link BsdLibc}. Its buffers are anonymous mappings ({@link #bufferMemory()}); BIOCSETZBUF lends their
 * addresses to the kernel, which then writes records straight into them.
 *
 * <p>Thread-safe. Calls run concurrently; {@link #close()} waits for those in progress, so the descriptor
 * number is never reused under a running call. A thread in {@link #awaitReadable(Duration)} polls in slices of
 * at most {@value #POLL_SLICE_MILLIS} ms, which bounds how long a close or an interrupt takes to reach it.
 */
public final class FreeBsdDevice implements Device {
    /** The cloning bpf device: every open gives a new descriptor. */
    public static final String PATH = "/dev/bpf";
    /** The longest single {@code poll(2)}: how soon a waiting thread notices close or interrupt. */
    public static final int POLL_SLICE_MILLIS = 100;
    /** {@code BPF_MAX_PAGES} of {@code bpf_zerocopy.c}: the most pages a zero-copy buffer may have. */
    public static final int MAX_ZBUF_PAGES = 512;

    private static final System.Logger LOG = System.getLogger(FreeBsdDevice.class.getName());
    private static final short POLL_EVENTS = BsdLibc.POLLIN | BsdLibc.POLLHUP;
    /** The longest wait or read timeout passed on: a timeval's and a nanosecond deadline's arithmetic stay in range. */
    private static final Duration LONGEST_WAIT = Duration.ofDays(365L * 100);

    private final BsdLibc libc;
    private final int fd;
    private final MmapBufferMemory memory;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile LentBuffers lent;
    private volatile String attachedTo;

    private FreeBsdDevice(BsdLibc libc, int fd, MmapBufferMemory memory) {
        this.libc = libc;
        this.fd = fd;
        this.memory = memory;
    }

    /**
     * Opens {@value #PATH}, as {@code open(2)} with {@code O_RDWR | O_CLOEXEC}; its buffers will be mapped in
     * pages of {@code hw.pagesize} bytes.
     *
     * @throws BpfException the errno of {@code sysctl} or {@code open}, with what to do about it (EACCES: permissions)
     */
    public static FreeBsdDevice open(BsdLibc libc) throws BpfException {
        int pageSize = Sysctl.readInt(libc, Sysctl.PAGE_SIZE);
        int fd;
        try {
            fd = libc.open(PATH, BsdLibc.O_RDWR | BsdLibc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw LibcErrors.of("open", PATH, e);
        }
        return new FreeBsdDevice(libc, fd, new MmapBufferMemory(libc, pageSize));
    }

    @Override
    public BufferMemory bufferMemory() {
        return memory;
    }

    @Override
    public BufferMode bufferMode() throws BpfException {
        return BufferMode.ofValue(getUint(BpfIoctl.BIOCGETBUFMODE));
    }

    @Override
    public void setBufferMode(BufferMode mode) throws BpfException {
        setUint(BpfIoctl.BIOCSETBUFMODE, mode.value());
    }

    @Override
    public long zmax() throws BpfException {
        try (Memory size = new Memory(Long.BYTES)) {
            ioctl(BpfIoctl.BIOCGETZMAX, null, size);
            return size.getLong(0);
        }
    }

    /**
     * BIOCSETZBUF with the native addresses of the two buffers, which must be direct memory holding at least
     * {@code bufLen} bytes (a null buffer is passed as NULL, which the kernel refuses).
     */
    @Override
    public void setZbuf(BpfZbuf zbuf) throws BpfException {
        long addressA = address(ZbufId.A, zbuf.bufA(), zbuf.bufLen());
        long addressB = address(ZbufId.B, zbuf.bufB(), zbuf.bufLen());
        BpfZbufStruct argument = new BpfZbufStruct();
        argument.bz_bufa = pointer(addressA);
        argument.bz_bufb = pointer(addressB);
        argument.bz_buflen = zbuf.bufLen();
        argument.write();
        ioctl(BpfIoctl.BIOCSETZBUF, null, argument.getPointer());
        lent = new LentBuffers(zbuf, addressA, addressB);
    }

    @Override
    public void setInterface(String interfaceName) throws BpfException {
        byte[] name = interfaceName.getBytes(StandardCharsets.UTF_8);
        if (name.length >= IfreqStruct.IFNAMSIZ || interfaceName.indexOf('\0') >= 0) {
            throw new NoSuchInterfaceException(interfaceName, InterfaceNames.list(libc));
        }
        IfreqStruct argument = new IfreqStruct();
        System.arraycopy(name, 0, argument.ifr_name, 0, name.length);
        argument.write();
        try {
            ioctl(BpfIoctl.BIOCSETIF, interfaceName, argument.getPointer());
        } catch (BpfException e) {
            if (e.errno() == Errno.ENXIO) {
                throw new NoSuchInterfaceException(interfaceName, InterfaceNames.list(libc));
            }
            throw e;
        }
        attachedTo = interfaceName;
    }

    @Override
    public LinkType linkType() throws BpfException {
        int dlt = getUint(BpfIoctl.BIOCGDLT);
        if (dlt < 0) {
            throw new BpfException(Errno.EINVAL, "BIOCGDLT: the kernel answered " + Integer.toUnsignedString(dlt)
                    + ", beyond every data-link type");
        }
        return LinkType.of(dlt);
    }

    @Override
    public int bufferSize() throws BpfException {
        return getUint(BpfIoctl.BIOCGBLEN);
    }

    @Override
    public void setBufferSize(int size) throws BpfException {
        setUint(BpfIoctl.BIOCSBLEN, size);
    }

    @Override
    public void setImmediate(boolean immediate) throws BpfException {
        setUint(BpfIoctl.BIOCIMMEDIATE, immediate ? 1 : 0);
    }

    /**
     * BIOCSRTIMEOUT with a {@code struct timeval}; a fraction of a microsecond rounds up, so no timeout becomes none,
     * and a timeout beyond 100 years is 100 years (FreeBSD's {@code tvtohz} caps it at {@code INT_MAX} ticks anyway).
     */
    @Override
    public void setReadTimeout(Duration timeout) throws BpfException {
        if (timeout.isNegative()) {
            throw new BpfException(Errno.EINVAL, "BIOCSRTIMEOUT: a read timeout cannot be negative: " + timeout);
        }
        Duration rtout = timeout.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : timeout;
        long micros = (rtout.getNano() + 999) / 1000;
        TimevalStruct argument = new TimevalStruct();
        argument.tv_sec = rtout.getSeconds() + micros / 1_000_000;
        argument.tv_usec = micros % 1_000_000;
        argument.write();
        ioctl(BpfIoctl.BIOCSRTIMEOUT, null, argument.getPointer());
    }

    @Override
    public TimestampType timestampType() throws BpfException {
        return TimestampType.ofBits(getUint(BpfIoctl.BIOCGTSTAMP));
    }

    @Override
    public void setTimestampType(TimestampType type) throws BpfException {
        setUint(BpfIoctl.BIOCSTSTAMP, type.bits());
    }

    /** BIOCSETF; the empty program is passed as FreeBSD's NULL program, which accepts everything. */
    @Override
    public void setFilter(BpfProgram program) throws BpfException {
        List<BpfInsn> instructions = program.instructions();
        int count = instructions.size();
        try (Memory insns = new Memory(Math.max(1, count) * (long) BpfInsnStruct.SIZE)) {
            for (int i = 0; i < count; i++) {
                BpfInsn insn = instructions.get(i);
                BpfInsnStruct slot = new BpfInsnStruct(insns.share((long) i * BpfInsnStruct.SIZE));
                slot.code = (short) insn.code();
                slot.jt = (byte) insn.jt();
                slot.jf = (byte) insn.jf();
                slot.k = insn.k();
                slot.write();
            }
            BpfProgramStruct argument = new BpfProgramStruct();
            argument.bf_len = count;
            argument.bf_insns = count == 0 ? null : insns;
            argument.write();
            ioctl(BpfIoctl.BIOCSETF, null, argument.getPointer());
        }
    }

    @Override
    public void setPromiscuous() throws BpfException {
        ioctl(BpfIoctl.BIOCPROMISC, null, null);
    }

    @Override
    public BpfStats stats() throws BpfException {
        BpfStatStruct argument = new BpfStatStruct();
        ioctl(BpfIoctl.BIOCGSTATS, null, argument.getPointer());
        argument.read();
        return new BpfStats(Integer.toUnsignedLong(argument.bs_recv), Integer.toUnsignedLong(argument.bs_drop));
    }

    @Override
    public void flush() throws BpfException {
        ioctl(BpfIoctl.BIOCFLUSH, null, null);
    }

    /**
     * BIOCROTZBUF; the kernel answers with the user address of the buffer it handed over, which is mapped back
     * to {@link ZbufId#A} or {@link ZbufId#B}.
     *
     * @throws BpfException {@link Errno#EIO} if the answer names no lent buffer or a length it cannot hold
     */
    @Override
    public Rotation rotateZbuf() throws BpfException {
        BpfZbufStruct argument = new BpfZbufStruct();
        ioctl(BpfIoctl.BIOCROTZBUF, null, argument.getPointer());
        argument.read();
        long address = Pointer.nativeValue(argument.bz_bufa);
        long length = argument.bz_buflen;
        if (address == 0 && length == 0) {
            return Rotation.NONE;
        }
        LentBuffers buffers = lent;
        ZbufId handedOver = buffers == null ? null : buffers.idOf(address);
        if (handedOver == null || length <= 0 || length > buffers.zbuf().bufLen() - ZbufHeader.LENGTH) {
            throw new BpfException(Errno.EIO, "BIOCROTZBUF: the kernel handed over 0x" + Long.toHexString(address)
                    + " with " + length + " bytes, which is not a lent buffer with records");
        }
        return new Rotation(handedOver, (int) length);
    }

    /**
     * {@code poll(2)} for POLLIN, in slices. When the interface has gone away (bpf then reports POLLHUP), the
     * descriptor stays readable while a buffer waits for the user or the store buffer still holds records, which
     * this method hands over with BIOCROTZBUF; after that it throws {@link InterfaceGoneException}. A descriptor
     * attached to no interface has nothing to read: false, at once.
     */
    @Override
    public boolean awaitReadable(Duration timeout) throws BpfException, InterruptedException {
        Duration wait = timeout.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : timeout;
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        do {
            if (Thread.interrupted()) {
                throw new InterruptedException("poll: interrupted");
            }
            int revents = poll(sliceMillis(deadline - System.nanoTime()));
            if ((revents & BsdLibc.POLLNVAL) != 0) {
                throw new BpfException(Errno.EBADF, "poll: the descriptor is not open");
            }
            if ((revents & BsdLibc.POLLHUP) != 0) {
                return readableAfterHangUp();
            }
            if ((revents & BsdLibc.POLLIN) != 0) {
                return true;
            }
        } while (deadline - System.nanoTime() > 0);
        return false;
    }

    /** The next poll's timeout: what is left, rounded up to a millisecond, at most a slice; 0 when nothing is left. */
    static int sliceMillis(long nanosLeft) {
        return (int) Math.min(POLL_SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(Math.max(0, nanosLeft) + 999_999));
    }

    /** One {@code poll(2)}: the events that happened, none on EINTR (a signal; the caller waits on). */
    private int poll(int timeoutMillis) throws BpfException, InterruptedException {
        PollfdStruct entry = new PollfdStruct();
        entry.fd = fd;
        entry.events = POLL_EVENTS;
        entry.write();
        Lock shared = lock.readLock();
        shared.lock();
        try {
            requireOpen("poll");
            libc.poll(entry.getPointer(), 1, timeoutMillis);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.EINTR.code()) {
                throw LibcErrors.of("poll", null, e);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("poll: interrupted");
            }
            return 0;
        } finally {
            shared.unlock();
        }
        entry.read();
        return entry.revents;
    }

    private boolean readableAfterHangUp() throws BpfException {
        String name = attachedTo;
        LentBuffers buffers = lent;
        if (name == null || buffers == null) {
            return false;
        }
        if (buffers.userOwnsOne() || rotateZbuf().rotated()) {
            return true;
        }
        throw new InterfaceGoneException(name);
    }

    /** Closes the descriptor (the kernel lets go of the buffers), then unmaps the buffers. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Lock exclusive = lock.writeLock();
        exclusive.lock();
        try {
            closeQuietly(libc, fd);
            memory.release();
        } finally {
            exclusive.unlock();
        }
    }

    /** Closes {@code fd}, logging a failure: there is nothing a caller could do about it. */
    static void closeQuietly(BsdLibc libc, int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            LOG.log(System.Logger.Level.WARNING, "close of bpf descriptor " + fd + " failed", e);
        }
    }

    private int getUint(BpfIoctl request) throws BpfException {
        try (Memory value = new Memory(Integer.BYTES)) {
            ioctl(request, null, value);
            return value.getInt(0);
        }
    }

    private void setUint(BpfIoctl request, int value) throws BpfException {
        try (Memory argument = new Memory(Integer.BYTES)) {
            argument.setInt(0, value);
            ioctl(request, null, argument);
        }
    }

    private void ioctl(BpfIoctl request, String subject, Pointer argument) throws BpfException {
        Lock shared = lock.readLock();
        shared.lock();
        try {
            requireOpen(request.name());
            libc.ioctl(fd, request.request(), argument);
        } catch (LastErrorException e) {
            throw LibcErrors.of(request.name(), subject, e);
        } finally {
            shared.unlock();
        }
    }

    private void requireOpen(String call) throws DeviceClosedException {
        if (closed.get()) {
            throw new DeviceClosedException(call);
        }
    }

    /**
     * The native address of a buffer to lend, 0 for none. Memory the kernel could not wire is refused here with
     * EFAULT, as the kernel would: a heap buffer (it has no fixed address), or a buffer shorter than a length the
     * kernel would otherwise accept (the kernel would wire whatever pages follow it). A length the kernel refuses
     * anyway is left for it to refuse, with EINVAL.
     */
    private long address(ZbufId id, ByteBuffer buffer, long bufLen) throws BpfException {
        if (buffer == null) {
            return 0;
        }
        if (!buffer.isDirect()) {
            throw new BpfException(Errno.EFAULT, "BIOCSETZBUF: buffer " + id + " is on the Java heap; the kernel can only"
                    + " wire native memory such as bufferMemory() gives");
        }
        if (buffer.capacity() < bufLen && kernelAcceptsLength(bufLen)) {
            throw new BpfException(Errno.EFAULT, "BIOCSETZBUF: buffer " + id + " holds " + buffer.capacity()
                    + " bytes, fewer than bz_buflen " + bufLen + ": the kernel cannot wire the rest");
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }

    /** Whether BIOCSETZBUF's length rules pass: whole pages, at most {@value #MAX_ZBUF_PAGES} of them. */
    private boolean kernelAcceptsLength(long bufLen) {
        int pageSize = memory.pageSize();
        return bufLen % pageSize == 0 && bufLen <= (long) MAX_ZBUF_PAGES * pageSize;
    }

    private static Pointer pointer(long address) {
        return address == 0 ? null : new Pointer(address);
    }

    /** The buffers lent with BIOCSETZBUF and their user addresses, as BIOCROTZBUF names them. */
    private record LentBuffers(BpfZbuf zbuf, long addressA, long addressB) {
        ZbufId idOf(long address) {
            return address == addressA ? ZbufId.A : address == addressB ? ZbufId.B : null;
        }

        /** Whether the kernel has handed over a buffer the user has not yet acknowledged. */
        boolean userOwnsOne() {
            return handedOver(zbuf.bufA()) || handedOver(zbuf.bufB());
        }

        private static boolean handedOver(ByteBuffer buffer) {
            return ZbufHeader.acquireKernelGen(buffer) != ZbufHeader.acquireUserGen(buffer);
        }
    }
}
