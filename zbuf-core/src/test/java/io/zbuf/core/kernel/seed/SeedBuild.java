package io.zbuf.core.kernel.seed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Compiles FreeBSD's {@code sys/net/bpf_zerocopy.c} (the seed, never edited, never copied into the repository)
 * with zbuf's shim ({@code zbuf-core/src/test/c/seed}) into a shared library per page size, under
 * {@code target/seed}. The seed is a freestanding translation unit against the fake kernel headers, as is
 * {@code bpf_glue.c}; {@code kernel_host.c} is ordinary hosted C. All with {@code -Wall -Werror}.
 *
 * <p>System properties: {@code zbuf.seed} (the seed's path; the poms point it at
 * {@code ../shared/seeds/bpf_zerocopy.c} beside the repository), {@code zbuf.seed.shim} (the shim's directory),
 * {@code zbuf.seed.build} (where to build). No gcc, or no seed, is an {@link AssertionError} that says what to
 * install or where FreeBSD publishes the file. Test-only.
 */
public final class SeedBuild {
    /** The page sizes the seed is built for: amd64's and arm64's large pages. */
    public static final List<Integer> PAGE_SIZES = List.of(4096, 16384);

    private static final Map<String, Path> BUILT = new HashMap<>();

    private SeedBuild() {
    }

    /** The seed as the build found it. */
    public static Path seedSource() {
        Path seed = Path.of(System.getProperty("zbuf.seed", "../../shared/seeds/bpf_zerocopy.c")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(seed)) {
            throw missing(seed);
        }
        return seed;
    }

    /** zbuf's shim sources. */
    public static Path shim() {
        Path shim = Path.of(System.getProperty("zbuf.seed.shim", "src/test/c/seed")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(shim.resolve("kernel_host.c"))) {
            throw new AssertionError("zbuf's seed shim is not at " + shim + " (set -Dzbuf.seed.shim=zbuf-core/src/test/c/seed)");
        }
        return shim;
    }

    /** Where libraries are built. */
    public static Path buildDirectory() {
        return Path.of(System.getProperty("zbuf.seed.build", "target/seed")).toAbsolutePath().normalize();
    }

    /** The seed's library for {@code pageSize}, built once per JVM. */
    public static Path library(int pageSize) {
        return library(seedSource(), pageSize, "seed");
    }

    /**
     * A library of {@code seed} (the seed or a changed copy under target/) for {@code pageSize}, named
     * {@code libzseed-NAME-PAGESIZE.so}; the shim's objects are shared between all seeds of a page size.
     */
    public static Path library(Path seed, int pageSize, String name) {
        return library(seed, pageSize, name, "gcc");
    }

    /** {@link #library(Path, int, String)} with another C compiler than {@code gcc}. */
    static synchronized Path library(Path seed, int pageSize, String name, String compiler) {
        if (!Files.isRegularFile(seed)) {
            throw missing(seed);
        }
        return once(name + "/" + pageSize + "/" + seed, () -> build(seed, pageSize, name, compiler));
    }

    private static AssertionError missing(Path seed) {
        return new AssertionError("the seed " + seed + " is missing: it is FreeBSD's sys/net/bpf_zerocopy.c "
            + "(https://cgit.freebsd.org/src/tree/sys/net/bpf_zerocopy.c); put it there or name it with -Dzbuf.seed=PATH");
    }

    private static Path once(String key, Supplier<Path> make) {
        Path made = BUILT.get(key);
        if (made == null) {
            made = make.get();
            BUILT.put(key, made);
        }
        return made;
    }

    private static Path build(Path seed, int pageSize, String name, String compiler) {
        if (Integer.bitCount(pageSize) != 1 || pageSize < 4096) {
            throw new IllegalArgumentException("page size " + pageSize + " is not a power of two of at least 4096 (the host's)");
        }
        int shift = Integer.numberOfTrailingZeros(pageSize);
        Path shim = shim();
        Path out = buildDirectory();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String include = once(compiler + "-include", () -> Path.of(run(List.of(compiler, "-print-file-name=include")).strip())).toString();
        Path glue = once("glue/" + pageSize,
            () -> compile(kernel(compiler, include, shim, shift, shim.resolve("bpf_glue.c"), out.resolve("bpf_glue-" + pageSize + ".o"))));
        Path host = once("host/" + pageSize, () -> compile(hosted(compiler, shim, shift, out.resolve("kernel_host-" + pageSize + ".o"))));
        Path object = compile(kernel(compiler, include, shim, shift, seed, out.resolve(name + "-" + pageSize + ".o")));
        Path library = out.resolve("libzseed-" + name + "-" + pageSize + ".so");
        run(List.of(compiler, "-shared", "-Wl,-Bsymbolic", "-Wl,-z,defs", "-o", library.toString(),
            object.toString(), glue.toString(), host.toString()));
        return library;
    }

    /** A freestanding kernel translation unit against the fake FreeBSD headers, as the seed's README says. */
    private static List<String> kernel(String compiler, String include, Path shim, int shift, Path source, Path object) {
        List<String> command = new ArrayList<>(List.of(compiler, "-std=gnu99", "-ffreestanding", "-nostdinc",
            "-isystem", include, "-I", shim.resolve("include").toString(), "-I", shim.toString(),
            "-D_KERNEL", "-DINVARIANTS"));
        command.addAll(common(shift));
        command.addAll(List.of("-c", source.toString(), "-o", object.toString()));
        return command;
    }

    private static List<String> hosted(String compiler, Path shim, int shift, Path object) {
        List<String> command = new ArrayList<>(List.of(compiler, "-std=gnu11", "-I", shim.toString()));
        command.addAll(common(shift));
        command.addAll(List.of("-c", shim.resolve("kernel_host.c").toString(), "-o", object.toString()));
        return command;
    }

    private static List<String> common(int shift) {
        return List.of("-DZSEED_PAGE_SHIFT=" + shift, "-Wall", "-Werror", "-O1", "-g", "-fPIC", "-fvisibility=hidden");
    }

    private static Path compile(List<String> command) {
        run(command);
        return Path.of(command.get(command.size() - 1));
    }

    private static String run(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is needed to compile FreeBSD's bpf_zerocopy.c: install gcc with "
                + "apt-get install -y gcc libc6-dev (" + e.getMessage() + ")", e);
        }
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = process.waitFor();
            if (status != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + status + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running gcc", e);
        }
    }
}
