package io.zbuf.core.kernel;

import io.zbuf.core.kernel.seed.SeedBuild;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comparison has teeth: one-line mutants of a copy of the seed, made under {@code target/seed/mutants}, each
 * built and compared with zbuf like the seed itself; every one must make the comparison fail (a mismatch, a
 * refusal, a leak or a crash). At 4 KiB pages, on the first 60 seeds.
 */
@Tag("external-tool")
class SeedMutantsTest {
    private static final int PAGE_SIZE = 4096;
    private static final int SEEDS = 60;
    private static final int STEPS = 1000;

    /** {@code line} (whole, its {@code occurrence}-th time in the file) becomes {@code replacement}. */
    record Mutant(String name, String line, int occurrence, String replacement) {
    }

    static final List<Mutant> MUTANTS = List.of(
        new Mutant("alignment-check-weakened", "if (uaddr & PAGE_MASK)", 1, "if (uaddr & (PAGE_MASK >> 1))"),
        new Mutant("length-check-dropped", "if (len & PAGE_MASK)", 1, "if (len & 0)"),
        new Mutant("max-pages-off-by-one", "if ((len / PAGE_SIZE) > BPF_MAX_PAGES)", 1, "if ((len / PAGE_SIZE) >= BPF_MAX_PAGES)"),
        new Mutant("fault-is-einval", "error = EFAULT;", 1, "error = EINVAL;"),
        new Mutant("sf-buf-failure-leaks-page", "zbuf_page_free(pp);", 2, ";"),
        new Mutant("header-half-zeroed", "bzero(zb->zb_header, sizeof(*zb->zb_header));", 1, "bzero(zb->zb_header, 8);"),
        new Mutant("bytes-ignore-header", "offset += sizeof(struct bpf_zbuf_header);", 1, "offset += 0;"),
        new Mutant("bytes-assume-contiguous-pages", "count = min(len, PAGE_SIZE - poffset);", 1, "count = len;"),
        new Mutant("mbuf-ignore-header", "offset += sizeof(struct bpf_zbuf_header);", 2, "offset += 0;"),
        new Mutant("mbuf-ignore-fragment-offset", "count = min(m->m_len - moffset, len);", 1, "count = min(m->m_len, len);"),
        new Mutant("mbuf-assume-contiguous-pages", "count = min(count, PAGE_SIZE - poffset);", 1, "count = min(count, PAGE_SIZE);"),
        new Mutant("buffull-wrong-length", "zb->zb_header->bzh_kernel_len = d->bd_slen;", 1, "zb->zb_header->bzh_kernel_len = d->bd_hlen;"),
        new Mutant("bufheld-wrong-length", "zb->zb_header->bzh_kernel_len = d->bd_hlen;", 1, "zb->zb_header->bzh_kernel_len = d->bd_slen;"),
        new Mutant("bufheld-no-generation", "atomic_add_rel_int(&zb->zb_header->bzh_kernel_gen, 1);", 2,
            "atomic_add_rel_int(&zb->zb_header->bzh_kernel_gen, 0);"),
        new Mutant("reclaim-keeps-assigned", "zb->zb_flags &= ~ZBUF_FLAG_ASSIGNED;", 1, "zb->zb_flags &= ZBUF_FLAG_ASSIGNED;"),
        new Mutant("canfree-inverted", "if (zb->zb_header->bzh_kernel_gen ==", 1, "if (zb->zb_header->bzh_kernel_gen !="),
        new Mutant("canwrite-ignores-assigned", "if (zb->zb_flags & ZBUF_FLAG_ASSIGNED)", 1, "if (0)"),
        new Mutant("free-forgets-free-slot", "zb = (struct zbuf *)d->bd_fbuf;", 1, "zb = NULL;"),
        new Mutant("zmax-one-page-short", "*i = BPF_MAX_PAGES * PAGE_SIZE;", 1, "*i = (BPF_MAX_PAGES - 1) * PAGE_SIZE;"),
        new Mutant("rotzbuf-rotates-empty-store", "if (d->bd_hbuf == NULL && d->bd_slen != 0) {", 1, "if (d->bd_hbuf == NULL) {"),
        new Mutant("rotzbuf-wrong-length", "bz->bz_buflen = d->bd_hlen;", 1, "bz->bz_buflen = d->bd_slen;"),
        new Mutant("setzbuf-accepts-one-null", "if (bz->bz_bufa == NULL || bz->bz_bufb == NULL)", 1, "if (bz->bz_bufa == NULL && bz->bz_bufb == NULL)"),
        new Mutant("bufsize-includes-header", "d->bd_bufsize = bz->bz_buflen - sizeof(struct bpf_zbuf_header);", 1,
            "d->bd_bufsize = bz->bz_buflen;"),
        new Mutant("zbuf-free-keeps-last-page", "for (i = 0; i < zb->zb_numpages; i++) {", 1, "for (i = 1; i < zb->zb_numpages; i++) {"));

    @Test
    void everyOneLineMutantOfTheSeedIsDetected() throws Exception {
        String seed = Files.readString(SeedBuild.seedSource(), StandardCharsets.UTF_8);
        Path directory = SeedBuild.buildDirectory().resolve("mutants");
        Map<String, Future<SeedProcess.Result>> runs = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Mutant mutant : MUTANTS) {
                Path source = directory.resolve(mutant.name()).resolve("bpf_zerocopy.c");
                Files.createDirectories(source.getParent());
                Files.writeString(source, mutate(seed, mutant), StandardCharsets.UTF_8);
                Path library = SeedBuild.library(source, PAGE_SIZE, mutant.name());
                runs.put(mutant.name(), pool.submit(() -> SeedProcess.run(library, 0, SEEDS, STEPS)));
            }
            List<String> undetected = new ArrayList<>();
            for (Map.Entry<String, Future<SeedProcess.Result>> run : runs.entrySet()) {
                SeedProcess.Result result = run.getValue().get();
                System.out.println("mutant " + run.getKey() + ": " + result.verdict());
                if (!result.failedAComparison()) {
                    undetected.add(run.getKey() + ": " + result.verdict());
                }
            }
            assertThat(undetected).as("mutants of the seed the comparison did not detect").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The seed with the mutant's line replaced; the line must be there, whole. */
    static String mutate(String seed, Mutant mutant) {
        List<String> lines = new ArrayList<>(seed.lines().toList());
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(mutant.line()) && ++seen == mutant.occurrence()) {
                lines.set(i, mutant.replacement());
                return String.join("\n", lines) + "\n";
            }
        }
        throw new AssertionError("the seed has no line " + mutant.line() + " (occurrence " + mutant.occurrence() + ") for mutant " + mutant.name());
    }

    @Test
    void aMutantChangesExactlyTheLineItNames() throws IOException {
        String seed = Files.readString(SeedBuild.seedSource(), StandardCharsets.UTF_8);
        for (Mutant mutant : MUTANTS) {
            List<String> original = seed.lines().toList();
            List<String> mutated = mutate(seed, mutant).lines().toList();
            assertThat(mutated).hasSameSizeAs(original);
            long changed = java.util.stream.IntStream.range(0, original.size()).filter(i -> !original.get(i).equals(mutated.get(i))).count();
            assertThat(changed).as(mutant.name()).isEqualTo(1);
        }
    }
}
