package io.zbuf.core.filter;

import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.Errno;

/**
 * A validated classic BPF program, ready to run on packets: the kernel side of BIOCSETF.
 * PLACEHOLDER until the interpreter lands: accepts only the empty program.
 */
public final class BpfFilter {
    /** What a filter returns to keep the whole packet ({@code (u_int)-1}). */
    public static final int WHOLE_PACKET = -1;

    /** The filter of a descriptor without a program: keeps every packet whole. */
    public static final BpfFilter ACCEPT_ALL = new BpfFilter();

    private BpfFilter() {
    }

    /**
     * Validates a program as {@code bpf_validate()} does.
     *
     * @throws BpfException {@link Errno#EINVAL} for an invalid program
     */
    public static BpfFilter compile(BpfProgram program) throws BpfException {
        if (program.instructions().isEmpty()) {
            return ACCEPT_ALL;
        }
        throw new BpfException(Errno.EINVAL, "BIOCSETF: program rejected");
    }

    /**
     * Runs the filter: the number of bytes to capture, as an unsigned int: 0 rejects the packet,
     * {@link #WHOLE_PACKET} keeps all of it. The caller clamps it to the packet's length.
     */
    public int run(Packet packet) {
        return WHOLE_PACKET;
    }
}
