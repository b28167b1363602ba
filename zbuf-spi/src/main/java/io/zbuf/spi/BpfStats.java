package io.zbuf.spi;

/**
 * {@code struct bpf_stat}, as BIOCGSTATS returns it.
 *
 * <p>Both counters are {@code u_int} on the wire and so wrap at 2^32; they are widened here to unsigned
 * {@code long} values.
 *
 * @param received packets offered to the descriptor since attach, flush or a new filter, before the filter
 * @param dropped  packets the filter accepted but the descriptor discarded for lack of buffer space
 */
public record BpfStats(long received, long dropped) {
    public BpfStats {
        if (received < 0 || received > 0xFFFF_FFFFL || dropped < 0 || dropped > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("bpf_stat counters are unsigned 32-bit: " + received + ", " + dropped);
        }
    }

    /** Truncates 64-bit kernel counters to the 32 bits the ioctl carries. */
    public static BpfStats ofCounters(long received, long dropped) {
        return new BpfStats(received & 0xFFFF_FFFFL, dropped & 0xFFFF_FFFFL);
    }
}
