package io.zbuf.examples;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logic of the repository's {@code ./verify}, run with a PATH of its own: the basic commands it uses, a fake
 * {@code apt-get} and a fake {@code mvn} that write down how they were called. Root is needed to run it as root and as
 * nobody (CI runs as root).
 */
@Tag("external-tool")
class VerifyScriptTest {
    /** Every tool the tests run, in verify's order, as the packages that bring them. */
    private static final String ALL_PACKAGES = "tcpdump tshark gcc spin iproute2 util-linux fontconfig";
    private static final Path VERIFY = Path.of("..", "verify").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    private Path bin;
    private Path calls;

    @BeforeEach
    void fakeMachine() throws IOException {
        bin = Files.createDirectory(dir.resolve("bin"));
        calls = dir.resolve("calls");
        Files.createFile(calls);
        for (String command : List.of("dirname", "id", "sed", "find")) {
            script(command, "exec " + real(command) + " \"$@\"");
        }
        fake("apt-get");
        fake("mvn");
        for (Path path : List.of(dir, bin, calls)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxrwxrwx" : "rw-rw-rw-"));
        }
    }

    private static Path real(String command) {
        return List.of(Path.of("/usr/bin"), Path.of("/bin")).stream().map(d -> d.resolve(command)).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new AssertionError(command + " is not in /usr/bin or /bin"));
    }

    /** A command that appends its name and arguments to the calls file. */
    private void fake(String name) throws IOException {
        script(name, "echo \"" + name + " $*\" >> " + calls);
    }

    private void script(String name, String body) throws IOException {
        Path script = bin.resolve(name);
        Files.writeString(script, "#!" + real("bash") + "\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run verify(String path, boolean asNobody, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        if (asNobody) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.addAll(List.of(real("env").toString(), "-i", "PATH=" + path, "HOME=" + dir, real("bash").toString(), VERIFY.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("verify ends").isTrue();
        return new Run(process.exitValue(), err, Files.readAllLines(calls));
    }

    private record Run(int code, String err, List<String> calls) {
    }

    @Test
    void notRootAndToolsMissingStopsAtOnceWithTheInstallLine() throws Exception {
        assertThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("runs as root (CI does), to be nobody too").isZero();
        Run run = verify(bin.toString(), true);
        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines()).contains("  sudo apt-get install -y " + ALL_PACKAGES);
        assertThat(run.calls()).as("neither apt-get nor Maven ran").isEmpty();
    }

    @Test
    void rootInstallsWhatIsMissingWithAptGetThenRunsMavenWithTheArguments() throws Exception {
        assertThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("runs as root (CI does)").isZero();
        Run run = verify(bin.toString(), false, "-Dpit.skip");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.calls()).containsExactly("apt-get update -qq",
                "apt-get install -y -qq --no-install-recommends " + ALL_PACKAGES, "mvn -B -ntp verify -Dpit.skip");
    }

    @Test
    void withEveryToolThereNothingIsInstalled() throws Exception {
        Run run = verify(bin + ":" + System.getenv("PATH"), false, "-q");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.calls()).containsExactly("mvn -B -ntp verify -q");
    }
}
