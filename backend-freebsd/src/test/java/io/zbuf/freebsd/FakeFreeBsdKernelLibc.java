package io.zbuf.freebsd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.zbuf.core.kernel.ZeroCopyScheme;
import io.zbuf.core.kernel.seed.SeedKernel;
import io.zbuf.host.AlignedBufferMemory;
import io.zbuf.host.KernelHost;
import io.zbuf.freebsd.libc.BpfIoctl;
import io.zbuf.freebsd.libc.BsdLibc;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.BpfStats;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.BufferMode;
import io.zbuf.spi.Device;
import io.zbuf.spi.DeviceClosedException;
import io.zbuf.spi.Errno;
import io.zbuf.spi.InterfaceGoneException;
import io.zbuf.spi.Rotation;
import io.zbuf.spi.TimestampType;
import io.zbuf.spi.ZbufId;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A C library that plays FreeBSD's kernel, on Linux, over real native memory, so that the whole FreeBSD backend
 * runs through JNA in tests.
 *
 * <ul>
 *   <li>{@code mmap}/{@code munmap} are real: Linux's, with FreeBSD's flags translated ({@code MAP_ANON} only).</li>
 *   <li>{@code open("/dev/bpf")} opens a descriptor of the {@link Kernel} (zbuf-core's kernel side) behind a
 *       made-up descriptor number; {@code close} closes it.</li>
 *   <li>{@code ioctl} decodes its argument from native memory at the offsets of protocol.md, as the kernel's
 *       {@code copyin} would, calls the kernel-side descriptor, and writes the answer back as {@code copyout}
 *       would. BIOCSETZBUF hands the kernel {@link ByteBuffer}s over the user's mapped pages, so records are
 *       written straight into them; BIOCROTZBUF answers with the user address of the buffer handed over.</li>
 *   <li>{@code poll} waits on the kernel-side descriptor; a descriptor attached to no interface, or whose
 *       interface went away, reports {@code events & (POLLHUP | POLLIN)} at once, as bpfpoll does.</li>
 *   <li>{@code sysctlbyname} knows {@code net.bpf.zerocopy_enable} (settable with {@link #zerocopyEnabled}) and
 *       {@code hw.pagesize}; {@code if_nameindex} lists the kernel's interfaces.</li>
 *   <li>{@link #failNext} makes the next call of a function or ioctl fail with an errno.</li>
 * </ul>
 *
 * <p>Every errno it reports is FreeBSD's. One deviation: a buffer address it did not map gives EFAULT before the
 * kernel side's EINVAL checks run, where FreeBSD checks alignment and length first.
 */
final class FakeFreeBsdKernelLibc implements BsdLibc {
    /** FreeBSD's page size on amd64, and Linux's on x86-64. */
    static final int PAGE_SIZE = 4096;

    // protocol.md: argument layouts, as the kernel's copyin/copyout see them
    private static final int ZBUF_BUFA = 0;
    private static final int ZBUF_BUFB = 8;
    private static final int ZBUF_BUFLEN = 16;
    private static final int IFNAMSIZ = 16;
    private static final int TIMEVAL_USEC = 8;
    private static final int STAT_DROP = 4;
    private static final int PROGRAM_INSNS = 8;
    private static final int INSN_SIZE = 8;
    private static final int INSN_JT = 2;
    private static final int INSN_JF = 3;
    private static final int INSN_K = 4;
    private static final int POLLFD_EVENTS = 4;
    private static final int POLLFD_REVENTS = 6;
    private static final int NAMEINDEX_ENTRY = 16;
    private static final int NAMEINDEX_NAME = 8;
    private static final int FIRST_FD = 3;

    /** The kernel side behind {@code /dev/bpf}. */
    interface Kernel {
        /** A new kernel-side descriptor. */
        Device open() throws BpfException;

        /** The interfaces that exist. */
        List<String> interfaces() throws BpfException;

        /** The user's anonymous mapping of {@code length} bytes: Linux's own mmap, unless this kernel keeps user memory apart. */
        default Pointer map(Pointer address, long length, int protection, int linuxFlags) {
            return LinuxLibc.INSTANCE.mmap(address, length, protection, linuxFlags, -1, 0);
        }

        /** Undoes {@link #map}. */
        default void unmap(Pointer address, long length) {
            LinuxLibc.INSTANCE.munmap(address, length);
        }
    }

    /** For tests that stub open themselves: no descriptors, no interfaces; mmap and munmap are Linux's. */
    static final Kernel NO_KERNEL = new Kernel() {
        @Override
        public Device open() {
            throw new UnsupportedOperationException("this fake has no kernel: open is the test's");
        }

        @Override
        public List<String> interfaces() {
            throw new UnsupportedOperationException("this fake has no kernel: no interfaces");
        }
    };

    private final Kernel kernel;
    private final Map<Long, Ioctl> ioctls = new HashMap<>();
    private final Map<Integer, Descriptor> descriptors = new ConcurrentHashMap<>();
    private final Map<Long, Long> mappings = new ConcurrentHashMap<>();
    private final Map<Long, List<Memory>> nameIndexes = new ConcurrentHashMap<>();
    private final Map<String, Errno> failures = new ConcurrentHashMap<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger nextFd = new AtomicInteger(FIRST_FD);
    private volatile boolean zerocopyEnabled = true;

    /** A fake whose {@code /dev/bpf} opens descriptors of {@code host}, the kernel side of zbuf-core. */
    static FakeFreeBsdKernelLibc on(KernelHost host) {
        return new FakeFreeBsdKernelLibc(new Kernel() {
            @Override
            public Device open() {
                return host.open(new AlignedBufferMemory(PAGE_SIZE));
            }

            @Override
            public List<String> interfaces() throws BpfException {
                return host.interfaces();
            }
        });
    }

    /**
     * A fake whose {@code /dev/bpf} opens descriptors of {@code host} whose zero-copy part is FreeBSD's own
     * {@code bpf_zerocopy.c} ({@code scheme}, over {@code seed}); the user's mmap takes pages of the seed's user
     * address space, where the seed can wire them (munmap leaves them: the space is made anew per test).
     */
    static FakeFreeBsdKernelLibc onSeed(KernelHost host, SeedKernel seed, ZeroCopyScheme scheme) {
        return new FakeFreeBsdKernelLibc(new Kernel() {
            @Override
            public Device open() {
                return host.open(new AlignedBufferMemory(PAGE_SIZE), scheme);
            }

            @Override
            public List<String> interfaces() throws BpfException {
                return host.interfaces();
            }

            @Override
            public Pointer map(Pointer address, long length, int protection, int linuxFlags) {
                Pointer mapped = seed.zseed_space_alloc((length + PAGE_SIZE - 1) / PAGE_SIZE);
                if (mapped == null) {
                    throw new LastErrorException(Errno.ENOMEM.code());
                }
                return mapped;
            }

            @Override
            public void unmap(Pointer address, long length) {
                // the seed's address space is made anew by zseed_space_create
            }
        });
    }

    FakeFreeBsdKernelLibc(Kernel kernel) {
        this.kernel = kernel;
        ioctl(BpfIoctl.BIOCGETBUFMODE, (d, arg) -> arg.setInt(0, d.device.bufferMode().value()));
        ioctl(BpfIoctl.BIOCSETBUFMODE, this::setBufferMode);
        ioctl(BpfIoctl.BIOCGETZMAX, (d, arg) -> arg.setLong(0, d.device.zmax()));
        ioctl(BpfIoctl.BIOCSETZBUF, this::setZbuf);
        ioctl(BpfIoctl.BIOCROTZBUF, FakeFreeBsdKernelLibc::rotateZbuf);
        ioctl(BpfIoctl.BIOCSETIF, FakeFreeBsdKernelLibc::setInterface);
        ioctl(BpfIoctl.BIOCGDLT, (d, arg) -> arg.setInt(0, d.device.linkType().dlt()));
        ioctl(BpfIoctl.BIOCGBLEN, (d, arg) -> arg.setInt(0, d.device.bufferSize()));
        ioctl(BpfIoctl.BIOCSBLEN, (d, arg) -> d.device.setBufferSize(arg.getInt(0)));
        ioctl(BpfIoctl.BIOCIMMEDIATE, (d, arg) -> d.device.setImmediate(arg.getInt(0) != 0));
        ioctl(BpfIoctl.BIOCSRTIMEOUT, FakeFreeBsdKernelLibc::setReadTimeout);
        ioctl(BpfIoctl.BIOCGTSTAMP, (d, arg) -> arg.setInt(0, d.device.timestampType().bits()));
        ioctl(BpfIoctl.BIOCSTSTAMP, (d, arg) -> d.device.setTimestampType(TimestampType.ofBits(arg.getInt(0))));
        ioctl(BpfIoctl.BIOCSETF, FakeFreeBsdKernelLibc::setFilter);
        ioctl(BpfIoctl.BIOCPROMISC, (d, arg) -> d.device.setPromiscuous());
        ioctl(BpfIoctl.BIOCFLUSH, (d, arg) -> d.device.flush());
        ioctl(BpfIoctl.BIOCGSTATS, FakeFreeBsdKernelLibc::stats);
    }

    /** Sets {@code net.bpf.zerocopy_enable}. */
    void zerocopyEnabled(boolean enabled) {
        zerocopyEnabled = enabled;
    }

    /** The next call of {@code call} (a function name such as {@code "open"} or an ioctl such as {@code "BIOCSETIF"}) fails. */
    void failNext(String call, Errno errno) {
        failures.put(call, errno);
    }

    /** The functions and ioctls called so far, in order. */
    List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Descriptors open now. */
    int openDescriptors() {
        return descriptors.size();
    }

    /** Mappings not yet unmapped. */
    int liveMappings() {
        return mappings.size();
    }

    /** Interface tables not yet freed. */
    int liveNameIndexes() {
        return nameIndexes.size();
    }

    @Override
    public int open(String path, int flags) {
        enter("open");
        if (!FreeBsdDevice.PATH.equals(path)) {
            throw new LastErrorException(Errno.ENOENT.code());
        }
        Device device;
        try {
            device = kernel.open();
        } catch (BpfException e) {
            throw errno(e);
        }
        int fd = nextFd.getAndIncrement();
        descriptors.put(fd, new Descriptor(device));
        return fd;
    }

    @Override
    public int close(int fd) {
        enter("close");
        Descriptor descriptor = descriptors.remove(fd);
        if (descriptor == null) {
            throw new LastErrorException(Errno.EBADF.code());
        }
        descriptor.device.close();
        return 0;
    }

    @Override
    public int ioctl(int fd, long request, Pointer argument) {
        Ioctl ioctl = ioctls.get(request);
        if (ioctl == null) {
            enter("ioctl 0x" + Long.toHexString(request));
            throw new LastErrorException(Errno.EINVAL.code());
        }
        enter(ioctl.name);
        Descriptor descriptor = descriptor(fd);
        try {
            ioctl.handler.handle(descriptor, argument);
        } catch (BpfException e) {
            throw errno(e);
        }
        return 0;
    }

    @Override
    public int poll(Pointer fds, int nfds, int timeoutMillis) {
        enter("poll");
        if (nfds != 1) {
            throw new LastErrorException(Errno.EINVAL.code());
        }
        short events = fds.getShort(POLLFD_EVENTS);
        short revents = revents(descriptors.get(fds.getInt(0)), events, timeoutMillis);
        fds.setShort(POLLFD_REVENTS, revents);
        return revents == 0 ? 0 : 1;
    }

    private static short revents(Descriptor descriptor, short events, int timeoutMillis) {
        if (descriptor == null) {
            return POLLNVAL;
        }
        if (!descriptor.attached) {
            return (short) (events & (POLLHUP | POLLIN));
        }
        try {
            return descriptor.device.awaitReadable(Duration.ofMillis(timeoutMillis)) ? (short) (events & POLLIN) : 0;
        } catch (InterfaceGoneException e) {
            return (short) (events & (POLLHUP | POLLIN));
        } catch (DeviceClosedException e) {
            return POLLNVAL;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LastErrorException(Errno.EINTR.code());
        } catch (BpfException e) {
            throw errno(e);
        }
    }

    @Override
    public Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset) {
        enter("mmap");
        if ((flags & MAP_ANON) == 0 || fd != -1) {
            throw new LastErrorException(Errno.EINVAL.code());
        }
        int linuxFlags = LinuxLibc.MAP_ANONYMOUS | ((flags & MAP_PRIVATE) != 0 ? LinuxLibc.MAP_PRIVATE : LinuxLibc.MAP_SHARED);
        Pointer mapped;
        try {
            mapped = kernel.map(address, length, protection, linuxFlags);
        } catch (LastErrorException e) {
            throw new LastErrorException(freeBsdErrno(e.getErrorCode()));
        }
        mappings.put(Pointer.nativeValue(mapped), length);
        return mapped;
    }

    @Override
    public int munmap(Pointer address, long length) {
        enter("munmap");
        Long mapped = mappings.get(Pointer.nativeValue(address));
        if (mapped == null || mapped != length) {
            throw new LastErrorException(Errno.EINVAL.code());
        }
        kernel.unmap(address, length);
        mappings.remove(Pointer.nativeValue(address));
        return 0;
    }

    @Override
    public int sysctlbyname(String name, Pointer oldValue, Pointer oldLength, Pointer newValue, long newLength) {
        enter("sysctlbyname");
        int value = switch (name) {
            case "net.bpf.zerocopy_enable" -> zerocopyEnabled ? 1 : 0;
            case "hw.pagesize" -> PAGE_SIZE;
            default -> throw new LastErrorException(Errno.ENOENT.code());
        };
        if (newValue != null) {
            throw new LastErrorException(Errno.EPERM.code());
        }
        if (oldLength.getLong(0) < Integer.BYTES) {
            throw new LastErrorException(Errno.ENOMEM.code());
        }
        oldValue.setInt(0, value);
        oldLength.setLong(0, Integer.BYTES);
        return 0;
    }

    @Override
    public Pointer if_nameindex() {
        enter("if_nameindex");
        List<String> names;
        try {
            names = kernel.interfaces();
        } catch (BpfException e) {
            throw errno(e);
        }
        Memory table = new Memory((long) (names.size() + 1) * NAMEINDEX_ENTRY);
        table.clear();
        List<Memory> owned = new ArrayList<>();
        owned.add(table);
        for (int i = 0; i < names.size(); i++) {
            Memory name = new Memory(names.get(i).length() + 1L);
            name.setString(0, names.get(i));
            owned.add(name);
            table.setInt((long) i * NAMEINDEX_ENTRY, i + 1);
            table.setPointer((long) i * NAMEINDEX_ENTRY + NAMEINDEX_NAME, name);
        }
        nameIndexes.put(Pointer.nativeValue(table), owned);
        return table;
    }

    @Override
    public void if_freenameindex(Pointer nameIndex) {
        enter("if_freenameindex");
        List<Memory> owned = nameIndexes.remove(Pointer.nativeValue(nameIndex));
        if (owned == null) {
            throw new IllegalStateException("if_freenameindex of a table if_nameindex never returned: a double free");
        }
        owned.forEach(Memory::close);
    }

    private void setBufferMode(Descriptor descriptor, Pointer argument) throws BpfException {
        BufferMode mode = BufferMode.ofValue(argument.getInt(0));
        if (mode == BufferMode.ZBUF && !zerocopyEnabled) {
            throw new BpfException(Errno.EINVAL, "BIOCSETBUFMODE: net.bpf.zerocopy_enable is 0");
        }
        descriptor.device.setBufferMode(mode);
    }

    private void setZbuf(Descriptor descriptor, Pointer argument) throws BpfException {
        long addressA = argument.getLong(ZBUF_BUFA);
        long addressB = argument.getLong(ZBUF_BUFB);
        long length = argument.getLong(ZBUF_BUFLEN);
        descriptor.device.setZbuf(new BpfZbuf(userPages(addressA, length), userPages(addressB, length), length));
        descriptor.userAddresses.put(ZbufId.A, addressA);
        descriptor.userAddresses.put(ZbufId.B, addressB);
    }

    /** The user's pages from {@code address} as the kernel wires them: up to {@code length}, within one mapping. */
    private ByteBuffer userPages(long address, long length) throws BpfException {
        if (address == 0) {
            return null;
        }
        for (Map.Entry<Long, Long> mapping : mappings.entrySet()) {
            long start = mapping.getKey();
            long end = start + mapping.getValue();
            if (address >= start && address < end) {
                return new Pointer(address).getByteBuffer(0, Math.min(Math.max(0, length), end - address));
            }
        }
        throw new BpfException(Errno.EFAULT, "BIOCSETZBUF: 0x" + Long.toHexString(address) + " is not mapped");
    }

    private static void rotateZbuf(Descriptor descriptor, Pointer argument) throws BpfException {
        Rotation rotation = descriptor.device.rotateZbuf();
        argument.setLong(ZBUF_BUFA, rotation.rotated() ? descriptor.userAddresses.get(rotation.buffer()) : 0);
        argument.setLong(ZBUF_BUFB, 0);
        argument.setLong(ZBUF_BUFLEN, rotation.length());
    }

    private static void setInterface(Descriptor descriptor, Pointer argument) throws BpfException {
        byte[] name = argument.getByteArray(0, IFNAMSIZ);
        int length = 0;
        while (length < IFNAMSIZ && name[length] != 0) {
            length++;
        }
        descriptor.device.setInterface(new String(name, 0, length, java.nio.charset.StandardCharsets.UTF_8));
        descriptor.attached = true;
    }

    /** itimerfix(9): EINVAL for a negative time or microseconds out of range. */
    private static void setReadTimeout(Descriptor descriptor, Pointer argument) throws BpfException {
        long seconds = argument.getLong(0);
        long micros = argument.getLong(TIMEVAL_USEC);
        if (seconds < 0 || micros < 0 || micros >= 1_000_000) {
            throw new BpfException(Errno.EINVAL, "BIOCSRTIMEOUT: " + seconds + " s " + micros + " us is not a timeval");
        }
        descriptor.device.setReadTimeout(Duration.ofSeconds(seconds, micros * 1_000));
    }

    /** bpf_setf: a NULL program with length 0 accepts everything; NULL with a length is EINVAL. */
    private static void setFilter(Descriptor descriptor, Pointer argument) throws BpfException {
        int count = argument.getInt(0);
        Pointer insns = argument.getPointer(PROGRAM_INSNS);
        if (insns == null) {
            if (count != 0) {
                throw new BpfException(Errno.EINVAL, "BIOCSETF: no instructions, but bf_len " + count);
            }
            descriptor.device.setFilter(BpfProgram.ACCEPT_ALL);
            return;
        }
        if (count < 0 || count > BpfProgram.MAX_INSNS) {
            throw new BpfException(Errno.EINVAL, "BIOCSETF: bf_len " + Integer.toUnsignedString(count) + " exceeds BPF_MAXINSNS");
        }
        List<BpfInsn> program = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = (long) i * INSN_SIZE;
            program.add(new BpfInsn(Short.toUnsignedInt(insns.getShort(at)), Byte.toUnsignedInt(insns.getByte(at + INSN_JT)),
                    Byte.toUnsignedInt(insns.getByte(at + INSN_JF)), insns.getInt(at + INSN_K)));
        }
        descriptor.device.setFilter(new BpfProgram(program));
    }

    private static void stats(Descriptor descriptor, Pointer argument) throws BpfException {
        BpfStats stats = descriptor.device.stats();
        argument.setInt(0, (int) stats.received());
        argument.setInt(STAT_DROP, (int) stats.dropped());
    }

    private void ioctl(BpfIoctl ioctl, IoctlHandler handler) {
        ioctls.put(ioctl.request(), new Ioctl(ioctl.name(), handler));
    }

    private Descriptor descriptor(int fd) {
        Descriptor descriptor = descriptors.get(fd);
        if (descriptor == null) {
            throw new LastErrorException(Errno.EBADF.code());
        }
        return descriptor;
    }

    /** Logs the call and fails it if {@link #failNext} asked for that. */
    private void enter(String call) {
        calls.add(call);
        Errno failure = failures.remove(call);
        if (failure != null) {
            throw new LastErrorException(failure.code());
        }
    }

    private static LastErrorException errno(BpfException e) {
        return new LastErrorException(e.errno().code());
    }

    /** Linux x86-64 errno to FreeBSD's where they differ; the low numbers are the same on both. */
    static int freeBsdErrno(int linuxErrno) {
        return switch (linuxErrno) {
            case 11 -> Errno.EAGAIN.code();
            case 95 -> Errno.EOPNOTSUPP.code();
            case 104 -> Errno.ECONNRESET.code();
            case 110 -> Errno.ETIMEDOUT.code();
            default -> linuxErrno;
        };
    }

    /** One open {@code /dev/bpf}: its kernel-side descriptor and what the kernel remembers of the user. */
    private static final class Descriptor {
        final Device device;
        final Map<ZbufId, Long> userAddresses = new ConcurrentHashMap<>();
        volatile boolean attached;

        Descriptor(Device device) {
            this.device = device;
        }
    }

    /** What one ioctl does with its descriptor and its argument in native memory. */
    @FunctionalInterface
    private interface IoctlHandler {
        void handle(Descriptor descriptor, Pointer argument) throws BpfException;
    }

    private record Ioctl(String name, IoctlHandler handler) {
    }
}
