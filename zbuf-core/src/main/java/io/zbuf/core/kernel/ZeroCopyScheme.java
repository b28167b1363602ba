package io.zbuf.core.kernel;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfZbuf;

/**
 * The buffer scheme behind a {@link BpfDescriptor} in zero-copy mode: what {@code sys/net/bpf.c} calls in
 * {@code sys/net/bpf_zerocopy.c} through its buffer-mode switch ({@code bpf_append_bytes}, {@code bpf_buffull},
 * {@code bpf_bufheld}, {@code bpf_canfreebuf}, {@code bpf_canwritebuf}, BIOCSETZBUF, BIOCROTZBUF, BIOCGETZMAX,
 * {@code bpf_free}). The descriptor keeps bpf.c's part (ioctl state, filter, catchpacket()'s decisions and
 * framing, readiness); the scheme owns the two buffers.
 *
 * <p>A port, as the switch is in FreeBSD, where the same bpf.c drives {@code bpf_buffer.c} or
 * {@code bpf_zerocopy.c}: zbuf's scheme ({@link #zbuf()}, the default and the only one of the main code, so the
 * calls stay monomorphic) is {@link ZbufSlots} over {@link PageSet}s; another, e.g. FreeBSD's own file compiled
 * (docs/oracle.md), can stand in its place behind the same descriptor. Implementations live in this package.
 */
public abstract class ZeroCopyScheme {
    ZeroCopyScheme() {
    }

    /** zbuf's scheme: {@code SetZbufValidator}'s checks, then {@code ZbufSlots} over the lent buffers' pages. */
    public static ZeroCopyScheme zbuf() {
        return ZbufSlots.SCHEME;
    }

    /** BIOCGETZMAX ({@code bpf_zerocopy_ioctl_getzmax}): the largest buffer BIOCSETZBUF accepts. */
    abstract long zmax(int pageSize);

    /**
     * BIOCSETZBUF ({@code bpf_zerocopy_ioctl_setzbuf}): checks the request and takes the buffers.
     *
     * @param committed whether the descriptor already has buffers or an interface
     * @return the buffers, store = A, free = B, no hold
     * @throws BpfException EINVAL or EFAULT; nothing is taken then
     */
    abstract ZeroCopyBuffers setZbuf(BpfZbuf zbuf, int pageSize, boolean committed) throws BpfException;
}
