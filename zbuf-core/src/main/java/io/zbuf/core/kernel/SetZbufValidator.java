package io.zbuf.core.kernel;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;
import io.zbuf.spi.Errno;
import io.zbuf.spi.ZbufId;

import java.nio.ByteBuffer;

/**
 * The checks of BIOCSETZBUF, in FreeBSD's order ({@code bpf_zerocopy_ioctl_setzbuf}, {@code zbuf_setup}):
 * both pointers non-NULL, a non-zero length; then for buffer A and then B: page-aligned, a whole number of
 * pages, at most {@link #MAX_PAGES}, and pages that can be wired; last, that no buffers are set and no
 * interface is attached. All EINVAL except unwirable pages, EFAULT.
 *
 * <p>{@link #requireLength} is public for a kernel that must check a request before it has the buffers, as the
 * shared-memory daemon does before it maps them.
 *
 * <p>A Java buffer "cannot be wired" when it is not direct (its memory moves with the garbage collector and
 * has no address to align), read-only, or smaller than the length. Validation changes nothing.
 */
public final class SetZbufValidator {
    /** {@code BPF_MAX_PAGES}: pages per buffer. */
    static final int MAX_PAGES = 512;

    private static final String IOCTL = "BIOCSETZBUF: ";

    private SetZbufValidator() {
    }

    /**
     * @param zbuf      the request
     * @param pageSize  the kernel's page size, a power of two
     * @param committed whether buffers are already set or an interface attached
     * @throws BpfException EINVAL or EFAULT, with the first rule broken
     */
    static void validate(BpfZbuf zbuf, int pageSize, boolean committed) throws BpfException {
        if (zbuf.bufA() == null || zbuf.bufB() == null) {
            throw new BpfException(Errno.EINVAL, IOCTL + "both buffers are required, buffer " + (zbuf.bufA() == null ? "A" : "B") + " is null");
        }
        if (zbuf.bufLen() == 0) {
            throw new BpfException(Errno.EINVAL, IOCTL + "the buffer length is 0");
        }
        validate(ZbufId.A, zbuf.bufA(), zbuf.bufLen(), pageSize);
        validate(ZbufId.B, zbuf.bufB(), zbuf.bufLen(), pageSize);
        if (committed) {
            throw new BpfException(Errno.EINVAL, IOCTL + "buffers can be set only once, before an interface is attached");
        }
    }

    /**
     * The length rules of BIOCSETZBUF, {@code length} read as unsigned as FreeBSD's {@code size_t}: a whole number
     * of pages, at most {@link #MAX_PAGES}.
     *
     * @throws BpfException EINVAL with the rule broken
     */
    public static void requireLength(long length, int pageSize) throws BpfException {
        if ((length & (pageSize - 1)) != 0) {
            throw new BpfException(Errno.EINVAL, IOCTL + "the length " + Long.toUnsignedString(length)
                + " is not a whole number of " + pageSize + "-byte pages");
        }
        if (Long.compareUnsigned(length, (long) MAX_PAGES * pageSize) > 0) {
            throw new BpfException(Errno.EINVAL, IOCTL + "the length " + Long.toUnsignedString(length)
                + " exceeds " + MAX_PAGES + " pages (" + (long) MAX_PAGES * pageSize + " bytes, see BIOCGETZMAX)");
        }
    }

    private static void validate(ZbufId id, ByteBuffer buffer, long length, int pageSize) throws BpfException {
        if (buffer.isDirect() && buffer.alignmentOffset(0, pageSize) != 0) {
            throw new BpfException(Errno.EINVAL, IOCTL + "buffer " + id + " is not page-aligned (" + pageSize + " bytes)");
        }
        requireLength(length, pageSize);
        if (!buffer.isDirect()) {
            throw new BpfException(Errno.EFAULT, IOCTL + "buffer " + id + " is on the Java heap and cannot be wired; use a direct buffer");
        }
        if (buffer.isReadOnly()) {
            throw new BpfException(Errno.EFAULT, IOCTL + "buffer " + id + " is read-only and cannot be written by the kernel");
        }
        if (buffer.capacity() < length) {
            throw new BpfException(Errno.EFAULT, IOCTL + "buffer " + id + " holds " + buffer.capacity() + " bytes, fewer than the length " + length);
        }
    }
}
