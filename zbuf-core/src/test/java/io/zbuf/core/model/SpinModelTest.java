package io.zbuf.core.model;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model checking of the two-buffer protocol with spin ({@code src/test/promela/zbuf.pml}, docs/model.md): every
 * variant is safe; zbuf's BIOCROTZBUF delivers the store buffer without a later packet and FreeBSD's does not,
 * with the stall as spin's counterexample; deliberately broken variants fail, so the assertions have teeth.
 * spin's and pan's files land in {@code target/spin/<variant>}.
 */
@Tag("external-tool")
class SpinModelTest {
    private static final String LIVENESS = "delivery";

    /** The variants of the protocol that must be safe; the bounds are the model's defaults. */
    enum Variant {
        ZBUF, ZBUF_IMMEDIATE("-DIMMEDIATE=1"), FREEBSD("-DFREEBSD"), FREEBSD_IMMEDIATE("-DFREEBSD", "-DIMMEDIATE=1");

        final List<String> defines;

        Variant(String... defines) {
            this.defines = List.of(defines);
        }

        String directory(String check) {
            return name().toLowerCase().replace('_', '-') + "/" + check;
        }

        boolean immediate() {
            return defines.contains("-DIMMEDIATE=1");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyVariantIsSafe(Variant variant) {
        PanResult result = check(variant.directory("safety"), variant.defines, Spin::checkSafety);

        assertThat(result.output()).contains("assertion violations\t+").contains("invalid end states\t+");
        assertThat(result.errors()).as(result.output()).isZero();
        assertThat(result.complete()).as("the whole state space was searched").isTrue();
        assertThat(result.trail()).isFalse();
        assertThat(result.states()).as("the search got past the first packets").isGreaterThan(10_000);
    }

    @ParameterizedTest
    @EnumSource(names = {"ZBUF", "ZBUF_IMMEDIATE"})
    void zbufDeliversTheStoreBufferWithoutALaterPacket(Variant variant) {
        PanResult result = check(variant.directory("liveness"), variant.defines, spin -> spin.checkLiveness(LIVENESS));

        assertThat(result.output()).contains("acceptance   cycles \t+ (fairness enabled)");
        assertThat(result.errors()).as(result.output()).isZero();
        assertThat(result.complete()).as("the whole state space was searched").isTrue();
        assertThat(result.trail()).isFalse();
    }

    /**
     * FreeBSD's stall, and only that: the kernel has caught its last packet, the user acknowledged the hold
     * buffer, records sit in the store buffer, and for ever after BIOCROTZBUF rotates nothing while the user
     * neither holds nor reads a buffer. In immediate mode the loop never even waits for the timer.
     */
    @ParameterizedTest
    @EnumSource(names = {"FREEBSD", "FREEBSD_IMMEDIATE"})
    void freeBsdLeavesTheStoreBufferStuckUntilALaterPacket(Variant variant) {
        Spin spin = Spin.generate(variant.directory("liveness"), variant.defines);
        PanResult result = spin.checkLiveness(LIVENESS);
        System.out.println("spin " + variant.directory("liveness") + ": " + result.summary());

        assertThat(result.firstError()).as(result.output()).contains("acceptance cycle");
        assertThat(result.trail()).as("pan wrote the counterexample").isTrue();
        SpinTrail trail = spin.replay();
        int hold = 1 - trail.global("store");
        assertThat(trail.ended("kernel")).as("no later packet: the kernel caught its last one").isTrue();
        assertThat(trail.global("holding")).as("a buffer is held").isEqualTo(1);
        assertThat(trail.global("user_gen[" + hold + "]")).as("and acknowledged")
                .isEqualTo(trail.global("kernel_gen[" + hold + "]"));
        assertThat(trail.global("slen")).as("records in the store buffer").isPositive();
        assertThat(trail.global("delivered")).as("never delivered").isLessThan(trail.global("accepted"));
        assertThat(trail.cycle())
                .anyMatch(step -> step.startsWith("user: BIOCROTZBUF rotates nothing"))
                .noneMatch(step -> step.startsWith("kernel:") || step.startsWith("user: holds") || step.startsWith("user: reads"));
        if (variant.immediate()) {
            assertThat(trail.cycle()).as("a busy loop").contains("user: poll: readable").noneMatch(step -> step.startsWith("timer:"));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "BROKEN_EARLY_ACK,      kernel_gen[expected]!=user_gen[expected]",
        "BROKEN_NO_CANWRITE,    !(uheld[store])",
        "BROKEN_GEN_BEFORE_LEN, delivmask",
    })
    void aBrokenVariantFailsTheSafetyCheck(String broken, String violatedAssertion) {
        PanResult result = check("broken/" + broken.toLowerCase(), List.of("-D" + broken), Spin::checkSafety);

        assertThat(result.firstError()).as(result.output()).hasValueSatisfying(error ->
                assertThat(error).startsWith("assertion violated").contains(violatedAssertion));
        assertThat(result.trail()).isTrue();
    }

    /** The stall with two packets is the trail docs/model.md walks through, line for line. */
    @Test
    void theStallInDocsModelMdIsSpinsTrail() throws IOException {
        Spin spin = Spin.generate("freebsd-two-packets/liveness", List.of("-DFREEBSD", "-DNPKT=2"));
        PanResult result = spin.checkLiveness(LIVENESS);
        assertThat(result.firstError()).as(result.output()).contains("acceptance cycle");

        assertThat(spin.replay().steps()).containsExactlyElementsOf(documentedTrail());
    }

    private static PanResult check(String directory, List<String> defines, Function<Spin, PanResult> check) {
        PanResult result = check.apply(Spin.generate(directory, defines));
        System.out.println("spin " + directory + ": " + result.summary());
        return result;
    }

    private static List<String> documentedTrail() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "model.md"));
        int begin = lines.indexOf("<!-- spin -t, FreeBSD, NPKT=2: begin -->");
        int end = lines.indexOf("<!-- spin -t, FreeBSD, NPKT=2: end -->");
        assertThat(begin).as("docs/model.md marks the trail").isNotNegative().isLessThan(end);
        return lines.subList(begin + 2, end - 1);
    }
}
