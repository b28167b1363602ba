package io.zbuf.core.pcap.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zbuf.core.filter.BpfFilter;
import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.LinkType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer: any string compiles to a program the kernel's validator accepts, which runs to the snap length or 0
 * on a frame, or fails with {@link FilterSyntaxException} whose column lies within the expression (0 for the
 * whole of it, its length + 1 for its end); never another exception or a hang.
 *
 * <p>The input: byte 0 picks the link type (EN10MB, NULL, RAW, LINUX_SLL, modulo 4), the rest is the
 * expression in UTF-8. The seeds ({@code FilterCompilerFuzzTestInputs/anyExpression/}) are expressions of the
 * oracle's table.
 */
class FilterCompilerFuzzTest {
    private static final List<LinkType> LINK_TYPES = List.of(LinkType.EN10MB, LinkType.NULL, LinkType.RAW, LinkType.LINUX_SLL);
    private static final int SNAP = 262144;
    private static final byte[] FRAME = frame();

    @FuzzTest(maxDuration = "10s")
    void anyExpression(byte[] input) throws BpfException {
        LinkType type = LINK_TYPES.get(input.length == 0 ? 0 : Byte.toUnsignedInt(input[0]) % LINK_TYPES.size());
        String expression = new String(Arrays.copyOfRange(input, Math.min(1, input.length), input.length), StandardCharsets.UTF_8);
        BpfProgram program;
        try {
            program = FilterCompiler.compile(expression, type, SNAP);
        } catch (FilterSyntaxException e) {
            assertThat(e.column()).isBetween(0, expression.length() + 1);
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
            return;
        }
        int verdict = BpfFilter.compile(program).run(new Packet(1).append(ByteBuffer.wrap(FRAME)).wireLength(FRAME.length));
        assertThat(verdict).isIn(0, SNAP);
    }

    /** A TCP/IPv4 Ethernet frame (port 80 to 1024), which other link types read as other headers. */
    private static byte[] frame() {
        ByteBuffer frame = ByteBuffer.allocate(14 + 20 + 20 + 8);
        frame.put(new byte[] {0, 0x11, 0x22, 0x33, 0x44, 0x55, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        frame.put((byte) 0x45).put((byte) 0).putShort((short) 48).putInt(0).put((byte) 64).put((byte) 6).putShort((short) 0);
        frame.putInt(0x0a000001).putInt(0x0a000002);
        frame.putShort((short) 80).putShort((short) 1024).putInt(1).putInt(0).put((byte) 0x50).put((byte) 0x12);
        return frame.array();
    }
}
