package io.zbuf.core.pcap.filter;

import io.zbuf.spi.BpfInsn;

import java.util.ArrayList;
import java.util.List;

/**
 * A basic block of the program under construction, as in libpcap's optimizer: statements, then either a
 * conditional jump to two blocks or a return. Blocks are made targets first, so a block's {@link #id} is
 * above its targets' and ordering by descending id is a topological order.
 */
final class Block {
    /** {@link #jump} of a return block. */
    static final int RETURN = -1;

    final int id;
    final List<BpfInsn> statements;
    final int jump;
    final int k;
    Block whenTrue;
    Block whenFalse;

    Block(int id, List<BpfInsn> statements, int jump, int k, Block whenTrue, Block whenFalse) {
        this.id = id;
        this.statements = new ArrayList<>(statements);
        this.jump = jump;
        this.k = k;
        this.whenTrue = whenTrue;
        this.whenFalse = whenFalse;
    }

    boolean returns() {
        return jump == RETURN;
    }

    /** Whether both edges lead to the same block, so the jump decides nothing. */
    boolean unconditional() {
        return !returns() && whenTrue == whenFalse;
    }
}
