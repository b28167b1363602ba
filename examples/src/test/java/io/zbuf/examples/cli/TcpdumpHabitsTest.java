package io.zbuf.examples.cli;

import io.zbuf.core.pcap.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.zbuf.examples.cli.CommandRun.zbuf;
import static org.assertj.core.api.Assertions.assertThat;

/** The command line's tcpdump habits: help everywhere, tcpdump's short options, tcpdump's exit statuses. */
class TcpdumpHabitsTest {
    /** Every subcommand, as the words that reach it: {@code capture}, {@code demo shm}, ... */
    static Stream<String> subcommands() {
        List<String> paths = new ArrayList<>();
        collect(ZbufCommand.commandLine(), "", paths);
        assertThat(paths).contains("capture", "demo shm", "bench", "jmh");
        return paths.stream();
    }

    private static void collect(CommandLine command, String path, List<String> paths) {
        command.getSubcommands().forEach((name, sub) -> {
            String words = (path + " " + name).trim();
            paths.add(words);
            collect(sub, words, paths);
        });
    }

    @ParameterizedTest
    @MethodSource("subcommands")
    void everySubcommandPrintsItsUsageWithHelp(String path) {
        CommandRun run = zbuf(words(path, "--help"));
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("Usage: zbuf " + path + " ", "--help");
        assertThat(run.err()).isEmpty();
    }

    /** JMH has a -h of its own: JmhCommandTest.everyArgumentReachesJmhAsItIsAndInOrder. */
    static Stream<String> subcommandsButJmh() {
        return subcommands().filter(path -> !path.equals("jmh"));
    }

    @ParameterizedTest
    @MethodSource("subcommandsButJmh")
    void everySubcommandButJmhTakesTheShortHelpToo(String path) {
        CommandRun run = zbuf(words(path, "-h"));
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("Usage: zbuf " + path + " ");
    }

    @Test
    void captureHelpListsTcpdumpsShortOptions() {
        String usage = zbuf("capture", "--help").out();
        for (String option : new String[] {"-r, --replay", "-w, --write", "-c, --count", "-i, --interface", "-s, --snapshot-length",
                "-p, --no-promiscuous-mode", "-q, --quiet", "-v, --verbose", "-D, --list-interfaces", "-h, --help"}) {
            assertThat(usage).contains(option);
        }
    }

    @Test
    void dashRReplaysAFileAsReplayDoes() {
        CommandRun shortForm = zbuf("capture", "-r", TestCaptures.smtp().toString(), "-q");
        CommandRun longForm = zbuf("capture", "--replay", TestCaptures.smtp().toString(), "-q");
        assertThat(shortForm.code()).as(shortForm.err()).isZero();
        assertThat(shortForm.out()).contains("60 packets captured");
        assertThat(longForm.out()).contains("60 packets captured");
    }

    @Test
    void dashDListsTheInterfacesNumberedAsTcpdumpDoes() {
        CommandRun run = zbuf("capture", "-D");
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).isNotEmpty().first().isEqualTo("1.sim0");
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).matches((i + 1) + "\\.\\S+");
        }
    }

    @Test
    void anUnknownInterfaceNamesThoseThatExist() {
        CommandRun run = zbuf("capture", "-i", "eth9", "-c", "1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("zbuf: BIOCSETIF: no interface named eth9; the interfaces are sim0 (ENXIO)\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--no-such-option", "-Z", "-c", "--count=many", "-s"})
    void usageErrorsAreExitStatusTwo(String argument) {
        CommandRun run = zbuf("capture", argument);
        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).isNotEmpty().doesNotContain("\tat ");
    }

    @Test
    void anUnknownSubcommandIsExitStatusTwo() {
        assertThat(zbuf("captur").code()).isEqualTo(2);
    }

    @Test
    void errorsAreExitStatusOneAndSuccessZero() {
        assertThat(zbuf("capture", "-b", "nope").code()).isEqualTo(1);
        assertThat(zbuf("capture", "-c", "1", "-q").code()).isZero();
    }

    private static String[] words(String path, String last) {
        List<String> words = new ArrayList<>(List.of(path.split(" ")));
        words.add(last);
        return words.toArray(String[]::new);
    }
}
