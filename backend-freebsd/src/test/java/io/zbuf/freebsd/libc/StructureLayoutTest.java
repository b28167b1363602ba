package io.zbuf.freebsd.libc;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structures' sizes and field offsets against protocol.md (FreeBSD amd64): each field is written through
 * JNA and read back from raw memory at the documented offset, and the other way round.
 */
class StructureLayoutTest {
    @Test
    void bpfZbufIs24BytesWithBufaBufbBuflen() {
        BpfZbufStruct zbuf = new BpfZbufStruct();
        assertThat(zbuf.size()).isEqualTo(BpfZbufStruct.SIZE).isEqualTo(24);
        zbuf.bz_bufa = new Pointer(0x1111_0000L);
        zbuf.bz_bufb = new Pointer(0x2222_0000L);
        zbuf.bz_buflen = 0x3333;
        zbuf.write();
        Pointer raw = zbuf.getPointer();
        assertThat(raw.getLong(0)).isEqualTo(0x1111_0000L);
        assertThat(raw.getLong(8)).isEqualTo(0x2222_0000L);
        assertThat(raw.getLong(16)).isEqualTo(0x3333L);

        raw.setLong(0, 0x4444_0000L);
        raw.setLong(8, 0);
        raw.setLong(16, 0x55);
        BpfZbufStruct read = new BpfZbufStruct(raw);
        read.read();
        assertThat(Pointer.nativeValue(read.bz_bufa)).isEqualTo(0x4444_0000L);
        assertThat(read.bz_bufb).isNull();
        assertThat(read.bz_buflen).isEqualTo(0x55);
    }

    @Test
    void ifreqIs32BytesWithTheNameInTheFirst16() {
        IfreqStruct ifreq = new IfreqStruct();
        assertThat(ifreq.size()).isEqualTo(IfreqStruct.SIZE).isEqualTo(32);
        assertThat(IfreqStruct.IFNAMSIZ).isEqualTo(16);
        ifreq.ifr_name[0] = 'e';
        ifreq.ifr_name[15] = 'z';
        ifreq.ifr_ifru[0] = 7;
        ifreq.write();
        Pointer raw = ifreq.getPointer();
        assertThat(raw.getByte(0)).isEqualTo((byte) 'e');
        assertThat(raw.getByte(15)).isEqualTo((byte) 'z');
        assertThat(raw.getByte(16)).isEqualTo((byte) 7);
    }

    @Test
    void timevalIs16BytesSecondsThenMicroseconds() {
        TimevalStruct timeval = new TimevalStruct();
        assertThat(timeval.size()).isEqualTo(TimevalStruct.SIZE).isEqualTo(16);
        timeval.tv_sec = 0x1_0000_0001L;
        timeval.tv_usec = 999_999;
        timeval.write();
        assertThat(timeval.getPointer().getLong(0)).isEqualTo(0x1_0000_0001L);
        assertThat(timeval.getPointer().getLong(8)).isEqualTo(999_999L);
    }

    @Test
    void bpfStatIs8BytesReceivedThenDropped() {
        try (Memory raw = new Memory(8)) {
            raw.setInt(0, 0xFFFF_FFFE);
            raw.setInt(4, 3);
            BpfStatStruct stat = new BpfStatStruct(raw);
            stat.read();
            assertThat(stat.size()).isEqualTo(BpfStatStruct.SIZE).isEqualTo(8);
            assertThat(Integer.toUnsignedLong(stat.bs_recv)).isEqualTo(0xFFFF_FFFEL);
            assertThat(stat.bs_drop).isEqualTo(3);
        }
    }

    @Test
    void bpfProgramIs16BytesLengthPaddingPointer() {
        BpfProgramStruct program = new BpfProgramStruct();
        assertThat(program.size()).isEqualTo(BpfProgramStruct.SIZE).isEqualTo(16);
        program.bf_len = 3;
        program.bf_insns = new Pointer(0xABC0L);
        program.write();
        assertThat(program.getPointer().getInt(0)).isEqualTo(3);
        assertThat(program.getPointer().getLong(8)).isEqualTo(0xABC0L);
    }

    @Test
    void bpfInsnIs8BytesCodeJtJfK() {
        BpfInsnStruct insn = new BpfInsnStruct();
        assertThat(insn.size()).isEqualTo(BpfInsnStruct.SIZE).isEqualTo(8);
        insn.code = (short) 0x8006;
        insn.jt = (byte) 0xF1;
        insn.jf = 2;
        insn.k = 0x4000_0001;
        insn.write();
        Pointer raw = insn.getPointer();
        assertThat(raw.getShort(0)).isEqualTo((short) 0x8006);
        assertThat(raw.getByte(2)).isEqualTo((byte) 0xF1);
        assertThat(raw.getByte(3)).isEqualTo((byte) 2);
        assertThat(raw.getInt(4)).isEqualTo(0x4000_0001);
    }

    @Test
    void pollfdIs8BytesFdEventsRevents() {
        PollfdStruct pollfd = new PollfdStruct();
        assertThat(pollfd.size()).isEqualTo(PollfdStruct.SIZE).isEqualTo(8);
        pollfd.fd = 9;
        pollfd.events = BsdLibc.POLLIN | BsdLibc.POLLHUP;
        pollfd.write();
        Pointer raw = pollfd.getPointer();
        assertThat(raw.getInt(0)).isEqualTo(9);
        assertThat(raw.getShort(4)).isEqualTo((short) 0x11);
        raw.setShort(6, BsdLibc.POLLNVAL);
        pollfd.read();
        assertThat(pollfd.revents).isEqualTo((short) 0x20);
    }

    @Test
    void structuresUseTheirOwnZeroedMemoryOrTheGivenOne() {
        try (Memory raw = new Memory(BpfZbufStruct.SIZE)) {
            Structure onRaw = new BpfZbufStruct(raw);
            assertThat(Pointer.nativeValue(onRaw.getPointer())).isEqualTo(Pointer.nativeValue(raw));
        }
        assertThat(new TimevalStruct().getPointer().getLong(8)).isZero();
        assertThat(new IfreqStruct(new Memory(32)).size()).isEqualTo(32);
        assertThat(new TimevalStruct(new Memory(16)).size()).isEqualTo(16);
        assertThat(new BpfProgramStruct(new Memory(16)).size()).isEqualTo(16);
        assertThat(new PollfdStruct(new Memory(8)).size()).isEqualTo(8);
        assertThat(new BpfStatStruct().size()).isEqualTo(8);
    }

    @Test
    void flagConstantsAreFreeBsds() {
        assertThat(BsdLibc.O_RDWR).isEqualTo(2);
        assertThat(BsdLibc.O_CLOEXEC).isEqualTo(0x100000);
        assertThat(BsdLibc.PROT_READ | BsdLibc.PROT_WRITE).isEqualTo(3);
        assertThat(BsdLibc.MAP_PRIVATE).isEqualTo(2);
        assertThat(BsdLibc.MAP_ANON).isEqualTo(0x1000);
        assertThat(BsdLibc.POLLIN).isEqualTo((short) 1);
        assertThat(BsdLibc.POLLHUP).isEqualTo((short) 0x10);
        assertThat(BsdLibc.POLLNVAL).isEqualTo((short) 0x20);
    }
}
