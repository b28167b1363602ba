package io.zbuf.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A counterexample as {@code spin -t} replays it: the steps the model narrates with {@code printf} ("kernel: ...",
 * "user: ...", "timer: ..."), split where an acceptance cycle starts, and the state the trail ends in.
 *
 * @param prefix    the steps before the cycle (all of them when there is no cycle)
 * @param cycle     the steps of the cycle, repeated for ever; empty for a trail that ends in an error state
 * @param globals   every global variable's value where the trail ends, as spin prints it
 * @param processes each process's last line, by name ("kernel", "user", "timer")
 */
record SpinTrail(List<String> prefix, List<String> cycle, Map<String, String> globals, Map<String, String> processes) {
    private static final String CYCLE = "<<<<<START OF CYCLE>>>>>";
    private static final Pattern STEP = Pattern.compile("^\\s*((?:kernel|user|timer): .*)$");
    private static final Pattern GLOBAL = Pattern.compile("^\\t\\t(\\S+) = (\\S+)$");
    private static final Pattern PROCESS = Pattern.compile("^\\d+:\\s+proc\\s+\\d+ \\((\\w+):\\d+\\) (.*)$");

    static SpinTrail parse(String output) {
        List<String> prefix = new ArrayList<>();
        List<String> cycle = new ArrayList<>();
        Map<String, String> globals = new LinkedHashMap<>();
        Map<String, String> processes = new LinkedHashMap<>();
        List<String> steps = prefix;
        boolean ended = false;
        for (String line : output.split("\n")) {
            Matcher step = STEP.matcher(line);
            Matcher global = GLOBAL.matcher(line);
            Matcher process = PROCESS.matcher(line);
            if (line.contains(CYCLE)) {
                steps = cycle;
            } else if (line.startsWith("#processes:")) {
                ended = true;
            } else if (!ended && step.matches()) {
                steps.add(step.group(1));
            } else if (ended && global.matches()) {
                globals.put(global.group(1), global.group(2));
            } else if (ended && process.matches()) {
                processes.put(process.group(1), process.group(2));
            }
        }
        if (!ended) {
            throw new AssertionError("spin -t printed no final state:\n" + output);
        }
        return new SpinTrail(List.copyOf(prefix), List.copyOf(cycle), Map.copyOf(globals), Map.copyOf(processes));
    }

    /** A global's value where the trail ends, as a number. */
    int global(String name) {
        String value = globals.get(name);
        if (value == null) {
            throw new AssertionError("the trail's final state has no global " + name + ": " + globals);
        }
        return Integer.parseInt(value);
    }

    /** Whether the process has terminated (sits in a valid end state) where the trail ends. */
    boolean ended(String process) {
        return processes.getOrDefault(process, "").contains("<valid end state>");
    }

    /**
     * The steps, prefix then the cycle once round (spin may print it going round more than once), with a line
     * marking where the cycle starts: as docs/model.md shows them.
     */
    List<String> steps() {
        List<String> steps = new ArrayList<>(prefix);
        if (!cycle.isEmpty()) {
            steps.add("-- cycle: from here on, for ever --");
            steps.addAll(cycle.subList(0, period()));
        }
        return steps;
    }

    /** The length of the cycle's shortest repeating part. */
    private int period() {
        int length = cycle.size();
        for (int period = 1; period < length; period++) {
            if (length % period == 0 && repeatsEvery(period)) {
                return period;
            }
        }
        return length;
    }

    private boolean repeatsEvery(int period) {
        for (int i = period; i < cycle.size(); i++) {
            if (!cycle.get(i).equals(cycle.get(i - period))) {
                return false;
            }
        }
        return true;
    }
}
