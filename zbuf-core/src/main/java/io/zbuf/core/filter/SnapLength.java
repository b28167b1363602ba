package io.zbuf.core.filter;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;

import java.util.ArrayList;
import java.util.List;

import static io.zbuf.core.filter.BpfOpcodes.*;

/**
 * The snap length as BPF carries it. BPF has no snap length ioctl: a filter's return value is the number of
 * bytes the kernel keeps, so libpcap's {@code pcap-bpf.c} installs {@code ret #snaplen} when it opens a descriptor
 * and its compiler makes every accepting return of a filter {@code ret #snaplen}.
 *
 * <p>zbuf does the same, and bounds the returns of a program written by hand too, which libpcap installs as
 * it is: {@link #bound} lowers a {@code ret #k} above the snap length to {@code ret #snaplen}, and sends each
 * {@code ret a} through a three-instruction tail that returns the smaller of A and the snap length. So no
 * record is ever longer than the capture's snap length, whatever program it runs.
 */
public final class SnapLength {
    /** Instructions {@link #bound} appends for a program that returns the accumulator. */
    static final int ACCUMULATOR_TAIL = 3;

    private static final int RET_A = BPF_RET | BPF_A;

    private SnapLength() {
    }

    /**
     * {@code ret #snapLength}: the program libpcap installs when it opens a descriptor.
     *
     * @throws IllegalArgumentException unless {@code snapLength} is positive
     */
    public static BpfProgram acceptAll(int snapLength) {
        return new BpfProgram(List.of(retK(positive(snapLength))));
    }

    /**
     * {@code program} with no return above {@code snapLength}: {@link #acceptAll} for the empty program (which
     * FreeBSD runs as accept-whole), unchanged if no return can exceed it, otherwise rewritten as the class
     * comment says. A program that FreeBSD's {@code bpf_validate()} refuses is returned unchanged, for the
     * kernel to refuse.
     *
     * @param snapLength a positive number of bytes
     * @throws IllegalArgumentException unless {@code snapLength} is positive
     * @throws BpfException {@link io.zbuf.spi.Errno#EINVAL} if the program returns A and has no room left for the
     *                      tail under {@code BPF_MAXINSNS}
     */
    public static BpfProgram bound(BpfProgram program, int snapLength) throws BpfException {
        positive(snapLength);
        List<BpfInsn> instructions = program.instructions();
        if (instructions.isEmpty()) {
            return acceptAll(snapLength);
        }
        if (!valid(instructions)) {
            return program;
        }
        int length = instructions.size();
        boolean returnsAccumulator = instructions.stream().anyMatch(insn -> insn.code() == RET_A);
        if (returnsAccumulator && length + ACCUMULATOR_TAIL > BPF_MAXINSNS) {
            throw BpfValidator.invalid("the filter has " + length + " instructions and returns A: bounding A by the snap length"
                + " takes " + ACCUMULATOR_TAIL + " more, beyond BPF_MAXINSNS (" + BPF_MAXINSNS + ")");
        }
        List<BpfInsn> bounded = new ArrayList<>(length + ACCUMULATOR_TAIL);
        boolean changed = false;
        for (int index = 0; index < length; index++) {
            BpfInsn insn = instructions.get(index);
            BpfInsn bound = bounded(insn, length - index - 1, snapLength);
            changed |= bound != insn;
            bounded.add(bound);
        }
        if (returnsAccumulator) {
            bounded.add(new BpfInsn(BPF_JMP | BPF_JGT | BPF_K, 0, 1, snapLength));
            bounded.add(retK(snapLength));
            bounded.add(new BpfInsn(RET_A, 0, 0, 0));
        }
        return changed ? new BpfProgram(bounded) : program;
    }

    /** One instruction bounded: {@code ret a} jumps {@code toTail} ahead to the tail, a large {@code ret #k} is lowered. */
    private static BpfInsn bounded(BpfInsn insn, int toTail, int snapLength) {
        if (insn.code() == RET_A) {
            return new BpfInsn(BPF_JMP | BPF_JA, 0, 0, toTail);
        }
        if (insn.code() == (BPF_RET | BPF_K) && Integer.compareUnsigned(insn.k(), snapLength) > 0) {
            return retK(snapLength);
        }
        return insn;
    }

    private static int positive(int snapLength) {
        if (snapLength < 1) {
            throw new IllegalArgumentException("snap length " + snapLength + " is not positive");
        }
        return snapLength;
    }

    private static boolean valid(List<BpfInsn> instructions) {
        try {
            BpfValidator.validate(instructions);
            return true;
        } catch (BpfException invalid) {
            return false;
        }
    }

    private static BpfInsn retK(int k) {
        return new BpfInsn(BPF_RET | BPF_K, 0, 0, k);
    }
}
