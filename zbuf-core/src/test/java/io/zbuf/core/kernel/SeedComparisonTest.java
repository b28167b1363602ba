package io.zbuf.core.kernel;

import io.zbuf.core.kernel.seed.SeedBuild;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FreeBSD's bpf_zerocopy.c, compiled, as the judge of zbuf's kernel side (docs/oracle.md): random sequences of
 * steps on both at once, compared after every step, at each page size, in a JVM of their own. The seeds and the
 * number of steps come from {@code zbuf.seed.first}, {@code zbuf.seed.seeds} and {@code zbuf.seed.steps}.
 */
@Tag("external-tool")
class SeedComparisonTest {
    @ParameterizedTest(name = "page size {0}")
    @ValueSource(ints = {4096, 16384})
    void zbufsKernelSideDoesWhatFreeBsdsDoesOutsideTheNamedRules(int pageSize) {
        long first = Long.getLong("zbuf.seed.first", 0);
        int seeds = Integer.getInteger("zbuf.seed.seeds", 300);
        int steps = Integer.getInteger("zbuf.seed.steps", 1000);

        SeedProcess.Result result = SeedProcess.run(SeedBuild.library(pageSize), first, seeds, steps);

        System.out.println("seed comparison: " + result.output().strip());
        assertThat(result.passed()).as(result.output()).isTrue();
        for (SeedComparison.Rule rule : SeedComparison.Rule.values()) {
            assertThat(result.output()).as("rule %s was exercised", rule).containsPattern(rule.name() + "=[1-9]");
        }
    }
}
