package io.zbuf.core.pcap.filter;

import io.zbuf.spi.BpfInsn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.zbuf.core.filter.BpfOpcodes.*;

/**
 * Turns the tests into a program, as libpcap's gencode.c and optimize.c do: blocks joined by true/false
 * edges, then three optimizations: jumps whose outcome is known on every path to them are threaded past
 * (so the ethertype is tested once), loads of what a register already holds are removed, and blocks no
 * longer reached are dropped. Layout puts blocks in topological order, so every jump goes forward.
 */
final class CodeGenerator {
    private static final int MAX_JUMP = 0xff;

    private final List<Block> blocks = new ArrayList<>();
    private final Block accept;
    private final Block reject;

    private CodeGenerator(int snapLength) {
        reject = newBlock(List.of(), Block.RETURN, 0, null, null);
        accept = newBlock(List.of(), Block.RETURN, snapLength, null, null);
    }

    /** The instructions of {@code cond}, returning {@code snapLength} for a packet it accepts and 0 otherwise. */
    static List<BpfInsn> generate(Cond cond, int snapLength) {
        CodeGenerator generator = new CodeGenerator(snapLength);
        Block root = generator.emit(cond, generator.accept, generator.reject);
        root = generator.thread(root);
        root = generator.dropUndecidingStatements(root);
        generator.removeRedundantLoads(root);
        return generator.layout(root);
    }

    private Block newBlock(List<BpfInsn> statements, int jump, int k, Block whenTrue, Block whenFalse) {
        Block block = new Block(blocks.size(), statements, jump, k, whenTrue, whenFalse);
        blocks.add(block);
        return block;
    }

    private Block emit(Cond cond, Block whenTrue, Block whenFalse) {
        if (cond instanceof Cond.Test test) {
            return newBlock(test.statements(), test.jump(), test.k(), whenTrue, whenFalse);
        } else if (cond instanceof Cond.And and) {
            return emit(and.left(), emit(and.right(), whenTrue, whenFalse), whenFalse);
        } else if (cond instanceof Cond.Or or) {
            return emit(or.left(), whenTrue, emit(or.right(), whenTrue, whenFalse));
        } else if (cond instanceof Cond.Not not) {
            return emit(not.operand(), whenFalse, whenTrue);
        }
        return ((Cond.Constant) cond).value() ? whenTrue : whenFalse;
    }

    /** The blocks reachable from {@code root}, in topological order (root first). */
    private static List<Block> reachable(Block root) {
        Set<Block> seen = new HashSet<>();
        List<Block> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            Block block = stack.remove(stack.size() - 1);
            if (seen.add(block) && !block.returns()) {
                stack.add(block.whenTrue);
                stack.add(block.whenFalse);
            }
        }
        List<Block> order = new ArrayList<>(seen);
        order.sort(Comparator.comparingInt((Block b) -> b.id).reversed());
        return order;
    }

    /** The key A holds after a block's statements, from unknown registers. */
    private static String keyOf(Block block) {
        Registers registers = new Registers(null, null);
        block.statements.forEach(registers::apply);
        return (block.jump & BPF_X) != 0 ? null : registers.a;
    }

    /**
     * Retargets each edge past the blocks whose jump is decided by what is known on that edge. A skipped
     * block only loads values whose keys are known, which its predecessors all loaded, so skipping it loses
     * no bounds check. Blocks are visited after all their predecessors; one that no edge reaches any more
     * has no facts and is left alone. Returns the root, itself possibly skipped.
     */
    private Block thread(Block root) {
        Map<Block, Facts> known = new IdentityHashMap<>();
        Block start = skip(root, Facts.none());
        known.put(start, Facts.none());
        for (Block block : reachable(start)) {
            Facts facts = known.get(block);
            if (facts == null || block.returns()) {
                continue;
            }
            String key = keyOf(block);
            Facts onTrue = facts.with(key, block.jump, block.k, true);
            Facts onFalse = facts.with(key, block.jump, block.k, false);
            block.whenTrue = skip(block.whenTrue, onTrue);
            block.whenFalse = skip(block.whenFalse, onFalse);
            known.merge(block.whenTrue, onTrue, Facts::meet);
            known.merge(block.whenFalse, onFalse, Facts::meet);
        }
        return start;
    }

    private static Block skip(Block target, Facts facts) {
        while (!target.returns()) {
            Boolean outcome = facts.decide(keyOf(target), target.jump, target.k);
            if (outcome == null || stores(target)) {
                return target;
            }
            target = outcome ? target.whenTrue : target.whenFalse;
        }
        return target;
    }

    private static boolean stores(Block block) {
        return block.statements.stream().anyMatch(s -> bpfClass(s.code()) == BPF_ST || bpfClass(s.code()) == BPF_STX);
    }

    /**
     * Empties the blocks whose jump decides nothing, as libpcap's dead-code removal does: their loads only
     * fed the jump (every block computes its own registers until {@link #removeRedundantLoads}). Targets
     * come before their sources in {@link #blocks}, so emptiness propagates towards the root in one pass.
     */
    private Block dropUndecidingStatements(Block root) {
        for (Block block : blocks) {
            if (!block.returns()) {
                block.whenTrue = resolve(block.whenTrue);
                block.whenFalse = resolve(block.whenFalse);
                if (block.unconditional() && !stores(block)) {
                    block.statements.clear();
                }
            }
        }
        return resolve(root);
    }

    /** Removes loads of what A or X already holds on every path into a block. */
    private void removeRedundantLoads(Block root) {
        Map<Block, Registers> entry = new HashMap<>();
        entry.put(root, new Registers(null, null));
        for (Block block : reachable(root)) {
            Registers registers = entry.get(block);
            if (registers == null || block.returns()) {
                continue;
            }
            Registers probe = new Registers(registers.a, registers.x);
            block.statements.forEach(probe::apply);
            if (!stores(block) && registers.a != null && registers.a.equals(probe.a) && registers.x == null == (probe.x == null)
                && (registers.x == null || registers.x.equals(probe.x)) && writesOnlyA(block)) {
                block.statements.clear();
            }
            Registers state = new Registers(registers.a, registers.x);
            block.statements.removeIf(insn -> {
                boolean redundant = state.unchangedBy(insn);
                state.apply(insn);
                return redundant;
            });
            Registers exit = new Registers(state.a, state.x);
            entry.merge(block.whenTrue, exit, Registers::meet);
            entry.merge(block.whenFalse, exit, Registers::meet);
        }
    }

    private static boolean writesOnlyA(Block block) {
        return block.statements.stream().allMatch(s -> bpfClass(s.code()) == BPF_LD || bpfClass(s.code()) == BPF_ALU);
    }

    /** Follows blocks that decide nothing and do nothing. */
    private static Block resolve(Block block) {
        while (block.unconditional() && block.statements.isEmpty()) {
            block = block.whenTrue;
        }
        return block;
    }

    private List<BpfInsn> layout(Block root) {
        root = resolve(root);
        if (root == reject) {
            throw new FilterSyntaxException("expression rejects all packets", FilterSyntaxException.WHOLE_EXPRESSION, "");
        }
        for (Block block : blocks) {
            if (!block.returns()) {
                block.whenTrue = resolve(block.whenTrue);
                block.whenFalse = resolve(block.whenFalse);
            }
        }
        List<Block> order = reachable(root);
        while (true) {
            Map<Block, Integer> start = new IdentityHashMap<>();
            int position = 0;
            for (int i = 0; i < order.size(); i++) {
                Block block = order.get(i);
                start.put(block, position);
                position += size(block, i + 1 < order.size() ? order.get(i + 1) : null);
            }
            Block far = tooFar(order, start);
            if (far == null) {
                return instructions(order, start);
            }
            Block target = far.whenTrue;
            int end = start.get(far) + far.statements.size() + 1;
            if (start.get(far.whenTrue) - end <= MAX_JUMP) {
                target = far.whenFalse;
            }
            Block trampoline = newBlock(List.of(), BPF_JMP | BPF_JA, 0, target, target);
            if (target == far.whenTrue) {
                far.whenTrue = trampoline;
            }
            if (target == far.whenFalse) {
                far.whenFalse = trampoline;
            }
            order.add(order.indexOf(far) + 1, trampoline);
        }
    }

    private static int size(Block block, Block next) {
        if (block.returns()) {
            return 1;
        }
        if (block.unconditional()) {
            return block.statements.size() + (block.whenTrue == next ? 0 : 1);
        }
        return block.statements.size() + 1;
    }

    private static Block tooFar(List<Block> order, Map<Block, Integer> start) {
        for (Block block : order) {
            if (!block.returns() && !block.unconditional()) {
                int end = start.get(block) + block.statements.size() + 1;
                if (start.get(block.whenTrue) - end > MAX_JUMP || start.get(block.whenFalse) - end > MAX_JUMP) {
                    return block;
                }
            }
        }
        return null;
    }

    private static List<BpfInsn> instructions(List<Block> order, Map<Block, Integer> start) {
        List<BpfInsn> code = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Block block = order.get(i);
            code.addAll(block.statements);
            if (block.returns()) {
                code.add(new BpfInsn(BPF_RET | BPF_K, 0, 0, block.k));
            } else if (block.unconditional()) {
                if (i + 1 >= order.size() || order.get(i + 1) != block.whenTrue) {
                    code.add(new BpfInsn(BPF_JMP | BPF_JA, 0, 0, start.get(block.whenTrue) - code.size() - 1));
                }
            } else {
                int next = code.size() + 1;
                code.add(new BpfInsn(block.jump, start.get(block.whenTrue) - next, start.get(block.whenFalse) - next, block.k));
            }
        }
        return code;
    }
}
