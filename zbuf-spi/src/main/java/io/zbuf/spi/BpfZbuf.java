package io.zbuf.spi;

import java.nio.ByteBuffer;

/**
 * {@code struct bpf_zbuf}: the two buffers the user lends to the kernel with BIOCSETZBUF, or the buffer
 * BIOCROTZBUF handed over.
 *
 * <p>Java has no pointers, so a buffer is a direct {@link ByteBuffer} whose memory starts at position 0 and
 * holds at least {@code bufLen} bytes. Either buffer may be {@code null}: that is the NULL pointer FreeBSD
 * answers with EINVAL, so the check belongs to the device, not to this carrier.
 *
 * @param bufA   {@code bz_bufa}
 * @param bufB   {@code bz_bufb}
 * @param bufLen {@code bz_buflen}, the length of each buffer in bytes, header included
 */
public record BpfZbuf(ByteBuffer bufA, ByteBuffer bufB, long bufLen) {
}
