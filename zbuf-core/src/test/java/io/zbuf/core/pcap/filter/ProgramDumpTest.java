package io.zbuf.core.pcap.filter;

import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three dump formats against what tcpdump printed ({@code tcpdump-dumps.txt}: {@code -d}, {@code -dd},
 * {@code -ddd} of expressions that use every opcode tcpdump emits, backward jumps of protochain included):
 * libpcap's program, read from its {@code -ddd}, printed by {@link ProgramDump}.
 */
class ProgramDumpTest {
    static Stream<Arguments> dumps() throws IOException {
        try (InputStream in = ProgramDumpTest.class.getResourceAsStream("tcpdump-dumps.txt")) {
            List<String> lines = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
            List<Arguments> cases = new ArrayList<>();
            int i = 1;
            while (i < lines.size()) {
                String expression = lines.get(i++).substring(2);
                String[] blocks = new String[3];
                for (int b = 0; b < 3; b++) {
                    StringBuilder block = new StringBuilder();
                    while (!lines.get(i).equals(".")) {
                        block.append(lines.get(i++)).append('\n');
                    }
                    i++;
                    blocks[b] = block.toString();
                }
                cases.add(Arguments.of(expression, blocks[0], blocks[1], blocks[2]));
            }
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dumps")
    void printsAsTcpdump(String expression, String assembly, String cArray, String decimal) {
        BpfProgram program = fromDecimal(decimal);
        assertThat(ProgramDump.decimal(program)).isEqualTo(decimal);
        assertThat(ProgramDump.cArray(program)).isEqualTo(cArray);
        assertThat(ProgramDump.assembly(program)).isEqualTo(assembly);
    }

    private static BpfProgram fromDecimal(String decimal) {
        String[] lines = decimal.split("\n");
        List<BpfInsn> instructions = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ");
            instructions.add(new BpfInsn(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                Integer.parseUnsignedInt(f[3])));
        }
        assertThat(instructions).hasSize(Integer.parseInt(lines[0]));
        return new BpfProgram(instructions);
    }
}
