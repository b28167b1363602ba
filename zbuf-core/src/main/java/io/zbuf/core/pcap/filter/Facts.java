package io.zbuf.core.pcap.filter;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static io.zbuf.core.filter.BpfOpcodes.*;

/**
 * What is known on every path to a point of the program about the values of keys (see {@link Registers}):
 * a key equals one constant, or differs from each of a set of constants. libpcap's optimizer gets the same
 * from its edge dominators; here it lets a jump whose outcome is already known be threaded past.
 */
final class Facts {
    /** A value equal to {@code equal} (if not null), else different from each of {@code different}. */
    private record Fact(Integer equal, Set<Integer> different) {
    }

    private final Map<String, Fact> facts;

    private Facts(Map<String, Fact> facts) {
        this.facts = facts;
    }

    static Facts none() {
        return new Facts(Map.of());
    }

    /** These facts and the outcome of {@code jump} ({@code BPF_JEQ} against a constant) on {@code key}. */
    Facts with(String key, int jump, int k, boolean outcome) {
        if (key == null || jump != (BPF_JMP | BPF_JEQ | BPF_K)) {
            return this;
        }
        Map<String, Fact> more = new HashMap<>(facts);
        Fact known = facts.get(key);
        if (outcome) {
            more.put(key, new Fact(k, Set.of()));
        } else if (known == null || known.equal() == null) {
            Set<Integer> different = new HashSet<>(known == null ? Set.of() : known.different());
            different.add(k);
            more.put(key, new Fact(null, different));
        }
        return new Facts(more);
    }

    /** What holds on both of two paths. */
    Facts meet(Facts other) {
        Map<String, Fact> common = new HashMap<>();
        for (Map.Entry<String, Fact> entry : facts.entrySet()) {
            Fact mine = entry.getValue();
            Fact theirs = other.facts.get(entry.getKey());
            if (theirs == null) {
                continue;
            }
            Fact both = meet(mine, theirs);
            if (both != null) {
                common.put(entry.getKey(), both);
            }
        }
        return new Facts(common);
    }

    private static Fact meet(Fact one, Fact other) {
        if (one.equal() != null && other.equal() != null) {
            return one.equal().equals(other.equal()) ? one : null;
        }
        if (one.equal() != null || other.equal() != null) {
            Fact equal = one.equal() != null ? one : other;
            Set<Integer> different = new HashSet<>(equal == one ? other.different() : one.different());
            different.remove(equal.equal());
            return different.isEmpty() ? null : new Fact(null, different);
        }
        Set<Integer> different = new HashSet<>(one.different());
        different.retainAll(other.different());
        return different.isEmpty() ? null : new Fact(null, different);
    }

    /** The outcome of {@code jump} against {@code k} on {@code key} if these facts decide it, else null. */
    Boolean decide(String key, int jump, int k) {
        Fact fact = key == null ? null : facts.get(key);
        if (fact == null || (jump & BPF_X) != 0) {
            return null;
        }
        if (fact.equal() != null) {
            int value = fact.equal();
            return switch (bpfOp(jump)) {
                case BPF_JEQ -> value == k;
                case BPF_JGT -> Integer.compareUnsigned(value, k) > 0;
                case BPF_JGE -> Integer.compareUnsigned(value, k) >= 0;
                default -> (value & k) != 0;
            };
        }
        return bpfOp(jump) == BPF_JEQ && fact.different().contains(k) ? Boolean.FALSE : null;
    }
}
