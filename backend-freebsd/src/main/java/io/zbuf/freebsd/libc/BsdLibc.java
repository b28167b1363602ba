package io.zbuf.freebsd.libc;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The C library calls the FreeBSD backend makes, as FreeBSD (LP64: amd64, arm64) declares them.
 *
 * <p>This is the one seam between the backend and the operating system: {@link #load()} binds it to the real
 * {@code libc} through JNA; tests bind it to a fake that plays FreeBSD's kernel. Every call that fails throws
 * {@link LastErrorException} carrying a <em>FreeBSD</em> errno, whatever the implementation runs on. The
 * constants are FreeBSD's.
 */
public interface BsdLibc extends Library {
    /** {@code O_RDWR}. */
    int O_RDWR = 0x0002;
    /** {@code O_CLOEXEC}: the descriptor is not inherited by programs this process executes. */
    int O_CLOEXEC = 0x0010_0000;
    /** {@code PROT_READ}. */
    int PROT_READ = 0x01;
    /** {@code PROT_WRITE}. */
    int PROT_WRITE = 0x02;
    /** {@code MAP_PRIVATE}. */
    int MAP_PRIVATE = 0x0002;
    /** {@code MAP_ANON}: memory backed by no file, zero-filled. */
    int MAP_ANON = 0x1000;
    /** {@code POLLIN}. */
    short POLLIN = 0x0001;
    /** {@code POLLHUP}: bpf reports it, when asked for, once the descriptor is attached to no interface. */
    short POLLHUP = 0x0010;
    /** {@code POLLNVAL}: the descriptor is not open. */
    short POLLNVAL = 0x0020;

    /** {@code int open(const char *path, int flags)}. */
    int open(String path, int flags) throws LastErrorException;

    /** {@code int close(int fd)}. */
    int close(int fd) throws LastErrorException;

    /**
     * {@code int ioctl(int fd, unsigned long request, void *argument)}.
     *
     * @param request  one of {@link BpfIoctl}'s numbers, zero-extended
     * @param argument the argument in native memory, read (IOC_IN) and written (IOC_OUT) by the kernel
     */
    int ioctl(int fd, long request, Pointer argument) throws LastErrorException;

    /**
     * {@code int poll(struct pollfd fds[], nfds_t nfds, int timeout)}.
     *
     * @param fds           {@code nfds} {@link PollfdStruct}s in native memory; the kernel writes {@code revents}
     * @param timeoutMillis at most this long; 0 returns at once
     * @return the number of descriptors with events
     */
    int poll(Pointer fds, int nfds, int timeoutMillis) throws LastErrorException;

    /** {@code void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)}. */
    Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset) throws LastErrorException;

    /** {@code int munmap(void *addr, size_t len)}. */
    int munmap(Pointer address, long length) throws LastErrorException;

    /**
     * {@code int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, const void *newp, size_t newlen)}.
     *
     * @param oldValue  where the current value is copied
     * @param oldLength a {@code size_t}: the room at {@code oldValue}, replaced by the length copied
     */
    int sysctlbyname(String name, Pointer oldValue, Pointer oldLength, Pointer newValue, long newLength) throws LastErrorException;

    /**
     * {@code struct if_nameindex *if_nameindex(void)}: the interfaces, an array of {@code {u_int index; char *name}}
     * ended by a zero entry, or NULL with {@code errno} set. Free it with {@link #if_freenameindex}.
     */
    Pointer if_nameindex();

    /** {@code void if_freenameindex(struct if_nameindex *)}. */
    void if_freenameindex(Pointer nameIndex);

    /** Binds to this machine's C library. Only meaningful on FreeBSD. */
    static BsdLibc load() {
        return Native.load("c", BsdLibc.class);
    }
}
