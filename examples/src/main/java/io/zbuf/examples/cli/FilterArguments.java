package io.zbuf.examples.cli;

import io.zbuf.core.pcap.PcapReader;
import io.zbuf.core.pcap.filter.FilterCompiler;
import io.zbuf.core.pcap.filter.FilterSyntaxException;
import io.zbuf.core.pcap.filter.ProgramDump;
import io.zbuf.core.user.CaptureConfig;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.LinkType;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The filter of {@code zbuf capture}, as tcpdump takes it: the expression's words after the options (joined
 * with spaces), and {@code -d}, {@code -dd}, {@code -ddd} to print the compiled program instead of capturing.
 */
final class FilterArguments {
    @Parameters(paramLabel = "EXPRESSION", arity = "0..*",
            description = "Filter expression (pcap-filter(7), e.g. tcp port 80 and host 10.0.0.1); its words are joined.")
    List<String> words = new ArrayList<>();

    @Option(names = "-d", description = "Print the compiled filter as tcpdump -d does (-dd: as a C array, -ddd: in decimal) and exit.")
    boolean[] dump = new boolean[0];

    /** The expression, "" for none. */
    String expression() {
        return String.join(" ", words);
    }

    /**
     * Sets the capture's filter: for a replay, compiled now for the file's link type, so that it is installed
     * before the interface is attached and no packet of the file passes unfiltered or is lost to the switch;
     * otherwise as an expression the capture compiles for the link type the interface reports.
     */
    void configure(CaptureConfig.Builder config, Path replay, int snapLength) throws IOException {
        if (words.isEmpty()) {
            return;
        }
        if (replay != null) {
            config.filter(compile(linkTypeOf(replay), snapLength));
        } else {
            config.filterExpression(expression());
        }
    }

    /** The link type of a pcap or pcapng file. */
    static LinkType linkTypeOf(Path file) throws IOException {
        try (PcapReader reader = PcapReader.open(file)) {
            return reader.linkType();
        }
    }

    /** Whether {@code -d} was given (once or more). */
    boolean dumps() {
        return dump.length > 0;
    }

    /**
     * Compiles the expression for a link type and prints it in the format {@code -d}, {@code -dd} or {@code -ddd}
     * asked for.
     *
     * @throws IllegalArgumentException {@code filter: } and the compiler's message, for a bad expression
     */
    void print(LinkType linkType, int snapLength, PrintWriter out) {
        BpfProgram program = compile(linkType, snapLength);
        out.print(switch (dump.length) {
            case 1 -> ProgramDump.assembly(program);
            case 2 -> ProgramDump.cArray(program);
            default -> ProgramDump.decimal(program);
        });
        out.flush();
    }

    private BpfProgram compile(LinkType linkType, int snapLength) {
        try {
            return FilterCompiler.compile(expression(), linkType, snapLength);
        } catch (FilterSyntaxException e) {
            throw failure(e);
        }
    }

    /** The one-line error of a bad expression: {@code filter: expected ... at column N: 'token'}. */
    static IllegalArgumentException failure(FilterSyntaxException e) {
        return new IllegalArgumentException("filter: " + e.getMessage(), e);
    }
}
