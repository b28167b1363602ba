package io.zbuf.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfInsn;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.Errno;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer: any classic BPF program on any packet. The validator refuses it with {@link Errno#EINVAL} or the
 * program runs to a verdict, with no other exception (a hang is a Jazzer timeout); the verdict is the same
 * whatever packet ran before (scratch memory) and however the packet is split into fragments, and the program
 * {@link SnapLength#bound bounded} by a snap length answers the smaller of the verdict and the snap length.
 *
 * <p>The input, big-endian:
 * <pre>
 *   0 snap length u32 (its low 31 bits, 0 read as 1) | 4 wire length beyond the bytes present u16
 *   6 three fragment cuts u8 (modulo the packet length + 1) | 9 instruction count u16
 *  11 instructions, 8 bytes each as struct bpf_insn: code u16, jt u8, jf u8, k u32 | then the packet's bytes
 * </pre>
 * The seeds ({@code BpfFilterFuzzTestInputs/anyProgramOnAnyPacket/}) are programs tcpdump compiled, on a frame
 * of {@code smtp.pcap}.
 */
class BpfFilterFuzzTest {
    private static final int PROGRAM_OFFSET = 11;
    private static final int INSN_LENGTH = 8;

    @FuzzTest(maxDuration = "10s")
    void anyProgramOnAnyPacket(byte[] input) throws BpfException {
        ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(input, Math.max(input.length, PROGRAM_OFFSET)));
        int snapLength = Math.max(1, in.getInt(0) & Integer.MAX_VALUE);
        int extraWireLength = Short.toUnsignedInt(in.getShort(4));
        int count = Math.min(Short.toUnsignedInt(in.getShort(9)), (in.capacity() - PROGRAM_OFFSET) / INSN_LENGTH);
        List<BpfInsn> instructions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = PROGRAM_OFFSET + i * INSN_LENGTH;
            instructions.add(new BpfInsn(Short.toUnsignedInt(in.getShort(at)), Byte.toUnsignedInt(in.get(at + 2)),
                Byte.toUnsignedInt(in.get(at + 3)), in.getInt(at + 4)));
        }
        BpfProgram program = new BpfProgram(instructions);
        byte[] bytes = Arrays.copyOfRange(in.array(), PROGRAM_OFFSET + count * INSN_LENGTH, in.capacity());
        int wireLength = bytes.length + extraWireLength;
        Packet whole = new Packet(1).append(ByteBuffer.wrap(bytes)).wireLength(wireLength);
        Packet fragmented = fragments(bytes, in, wireLength);
        byte[] reversed = bytes.clone();
        for (int i = 0; i < reversed.length; i++) {
            reversed[i] = bytes[bytes.length - 1 - i];
        }
        Packet other = new Packet(1).append(ByteBuffer.wrap(reversed));

        BpfFilter filter;
        try {
            filter = BpfFilter.compile(program);
        } catch (BpfException invalid) {
            assertThat(invalid.errno()).isEqualTo(Errno.EINVAL);
            assertThat(SnapLength.bound(program, snapLength)).isSameAs(program);
            return;
        }
        int verdict = filter.run(whole);
        filter.run(other);
        assertThat(filter.run(whole)).as("after another packet").isEqualTo(verdict);
        assertThat(filter.run(fragmented)).as("in %d fragments", fragmented.fragmentCount()).isEqualTo(verdict);

        BpfProgram bounded;
        try {
            bounded = SnapLength.bound(program, snapLength);
        } catch (BpfException tooLong) {
            assertThat(tooLong.errno()).isEqualTo(Errno.EINVAL);
            assertThat(count + SnapLength.ACCUMULATOR_TAIL).isGreaterThan(BpfProgram.MAX_INSNS);
            return;
        }
        int expected = Integer.compareUnsigned(verdict, snapLength) <= 0 ? verdict : snapLength;
        assertThat(BpfFilter.compile(bounded).run(whole)).as("bounded by %d", snapLength).isEqualTo(expected);
    }

    /** The packet's bytes in four fragments, some perhaps empty, cut where bytes 6 to 8 of the input say. */
    private static Packet fragments(byte[] bytes, ByteBuffer in, int wireLength) {
        int[] cuts = new int[5];
        for (int i = 0; i < 3; i++) {
            cuts[i + 1] = Byte.toUnsignedInt(in.get(6 + i)) % (bytes.length + 1);
        }
        cuts[4] = bytes.length;
        Arrays.sort(cuts, 1, 4);
        Packet packet = new Packet(4);
        for (int i = 0; i < 4; i++) {
            packet.append(ByteBuffer.wrap(bytes, cuts[i], cuts[i + 1] - cuts[i]));
        }
        return packet.wireLength(wireLength);
    }
}
