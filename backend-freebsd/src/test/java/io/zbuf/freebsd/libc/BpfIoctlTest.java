package io.zbuf.freebsd.libc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every request number against the table of protocol.md (amd64), and its fields against its definition. */
class BpfIoctlTest {
    /** protocol.md's ioctl table, plus BIOCGDLT from {@code <net/bpf.h>} ({@code _IOR('B', 106, u_int)}). */
    static Stream<Arguments> table() {
        return Stream.of(
                arguments("BIOCSETBUFMODE", BpfIoctl.BIOCSETBUFMODE.request(), 0x8004427eL, 126, 4),
                arguments("BIOCGETBUFMODE", BpfIoctl.BIOCGETBUFMODE.request(), 0x4004427dL, 125, 4),
                arguments("BIOCGETZMAX", BpfIoctl.BIOCGETZMAX.request(), 0x4008427fL, 127, 8),
                arguments("BIOCSETZBUF", BpfIoctl.BIOCSETZBUF.request(), 0x80184281L, 129, 24),
                arguments("BIOCROTZBUF", BpfIoctl.BIOCROTZBUF.request(), 0x40184280L, 128, 24),
                arguments("BIOCSETIF", BpfIoctl.BIOCSETIF.request(), 0x8020426cL, 108, 32),
                arguments("BIOCGBLEN", BpfIoctl.BIOCGBLEN.request(), 0x40044266L, 102, 4),
                arguments("BIOCSBLEN", BpfIoctl.BIOCSBLEN.request(), 0xc0044266L, 102, 4),
                arguments("BIOCIMMEDIATE", BpfIoctl.BIOCIMMEDIATE.request(), 0x80044270L, 112, 4),
                arguments("BIOCSRTIMEOUT", BpfIoctl.BIOCSRTIMEOUT.request(), 0x8010426dL, 109, 16),
                arguments("BIOCGSTATS", BpfIoctl.BIOCGSTATS.request(), 0x4008426fL, 111, 8),
                arguments("BIOCFLUSH", BpfIoctl.BIOCFLUSH.request(), 0x20004268L, 104, 0),
                arguments("BIOCSETF", BpfIoctl.BIOCSETF.request(), 0x80104267L, 103, 16),
                arguments("BIOCPROMISC", BpfIoctl.BIOCPROMISC.request(), 0x20004269L, 105, 0),
                arguments("BIOCGTSTAMP", BpfIoctl.BIOCGTSTAMP.request(), 0x40044283L, 131, 4),
                arguments("BIOCSTSTAMP", BpfIoctl.BIOCSTSTAMP.request(), 0x80044284L, 132, 4),
                arguments("BIOCGDLT", BpfIoctl.BIOCGDLT.request(), 0x4004426aL, 106, 4));
    }

    @ParameterizedTest(name = "{0} = 0x{2}")
    @MethodSource("table")
    void requestNumberIsFreeBsdsOnAmd64(String name, long actual, long expected, int number, int length) {
        assertThat(actual).as(name).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: group B, number {3}, {4}-byte argument, zero-extended")
    @MethodSource("table")
    void requestNumberDecodesToItsDefinition(String name, long actual, long expected, int number, int length) {
        assertThat(actual & 0xff).as("number").isEqualTo(number);
        assertThat(actual >> 8 & 0xff).as("group").isEqualTo('B');
        assertThat(actual >> 16 & BpfIoctl.IOCPARM_MASK).as("length").isEqualTo(length);
        assertThat(actual).as("unsigned long, no sign extension").isBetween(0L, 0xffff_ffffL);
    }

    @ParameterizedTest(name = "{0}: direction matches the argument")
    @MethodSource("table")
    void directionBitsMatchTheIoccomConstants(String name, long actual, long expected, int number, int length) {
        long direction = actual & 0xe000_0000L;
        assertThat(direction).isIn(BpfIoctl.IOC_VOID, BpfIoctl.IOC_OUT, BpfIoctl.IOC_IN, BpfIoctl.IOC_INOUT);
        assertThat(direction == BpfIoctl.IOC_VOID).as("void iff no argument").isEqualTo(length == 0);
    }

    @org.junit.jupiter.api.Test
    void theTableHasEveryIoctlOnce() {
        assertThat(table().map(row -> (String) row.get()[0])).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(BpfIoctl.values()).map(Enum::name).toList());
    }

    @org.junit.jupiter.api.Test
    void ioccomConstantsAreFreeBsds() {
        assertThat(BpfIoctl.IOC_VOID).isEqualTo(0x20000000L);
        assertThat(BpfIoctl.IOC_OUT).isEqualTo(0x40000000L);
        assertThat(BpfIoctl.IOC_IN).isEqualTo(0x80000000L);
        assertThat(BpfIoctl.IOC_INOUT).isEqualTo(0xC0000000L);
        assertThat(BpfIoctl.encode(BpfIoctl.IOC_IN, 1, 0x2001)).as("length masked to 13 bits").isEqualTo(0x80014201L);
    }
}
