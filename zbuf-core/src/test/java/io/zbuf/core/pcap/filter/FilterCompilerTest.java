package io.zbuf.core.pcap.filter;

import io.zbuf.core.filter.BpfFilter;
import io.zbuf.core.kernel.Packet;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compiler's errors (message, column, token), its constant results and its arguments. */
class FilterCompilerTest {
    private static final int SNAP = 65535;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        tcp port http2            | expected a port number after 'port' at column 10: 'http2' | 10 | http2
        port                      | expected a port number after 'port' at column 5: 'end of expression' | 5 | end of expression
        portrange x-y             | expected a port range after 'portrange' at column 11: 'x-y' | 11 | x-y
        net foo                   | expected a network after 'net' at column 5: 'foo' | 5 | foo
        host foo.example          | expected an address (host names are not resolved) at column 6: 'foo.example' | 6 | foo.example
        tcp or 80                 | expected a primitive at column 8: '80' | 8 | 80
        (tcp                      | expected ')' at column 5: 'end of expression' | 5 | end of expression
        tcp)                      | expected 'and', 'or' or the end of the expression at column 4: ')' | 4 | )
        tcp and                   | expected a primitive at column 8: 'end of expression' | 8 | end of expression
        port 99999                | port number must be 0 to 65535 at column 6: '99999' | 6 | 99999
        net 10.0.0.1/8            | non-network bits set in the network at column 5: '10.0.0.1' | 5 | 10.0.0.1
        net 10.0.0.0/33           | prefix length must be 0 to 32 at column 14: '33' | 14 | 33
        net fe80::/129            | prefix length must be 0 to 128 at column 12: '129' | 12 | 129
        net fe80::1/10            | non-network bits set in the network at column 5: 'fe80::1' | 5 | fe80::1
        ip host ::1               | 'ip' modifier applied to an IPv6 address at column 9: '::1' | 9 | ::1
        ip6 host 10.0.0.1         | 'ip6' modifier applied to an IPv4 address at column 10: '10.0.0.1' | 10 | 10.0.0.1
        ip6 port 80               | illegal qualifier of 'port' at column 5: 'port' | 5 | port
        ether host 10.0.0.1       | expected a MAC address at column 12: '10.0.0.1' | 12 | 10.0.0.1
        tcp[0:3] = 1              | data size must be 1, 2, or 4 at column 7: '3' | 7 | 3
        len / 0 > 1               | division by zero at column 5: '/' | 5 | /
        len % 0 > 1               | modulus by zero at column 5: '%' | 5 | %
        len << 32 > 1             | shift by more than 31 bits at column 5: '<<' | 5 | <<
        vlan 5000                 | VLAN id must be 0 to 4095 at column 6: '5000' | 6 | 5000
        ip proto tcp              | a protocol name that is a keyword needs a backslash, as in '\\tcp' at column 10: 'tcp' | 10 | tcp
        ip proto \\nosuch         | expected a protocol number after 'proto' at column 11: 'nosuch' | 11 | nosuch
        ether proto \\nosuch      | expected an ethertype after 'proto' at column 14: 'nosuch' | 14 | nosuch
        udp port http             | port 'http' is tcp at column 10: 'http' | 10 | http
        tcp port ntp              | port 'ntp' is udp at column 10: 'ntp' | 10 | ntp
        protochain 6              | protochain is not supported at column 1: 'protochain' | 1 | protochain
        gateway 10.0.0.1          | gateway is not supported (it needs name resolution) at column 1: 'gateway' | 1 | gateway
        ip broadcast              | netmask not known, so 'ip broadcast' is not supported at column 4: 'broadcast' | 4 | broadcast
        ip6 broadcast             | only link-layer and IPv4 broadcast are supported at column 5: 'broadcast' | 5 | broadcast
        tcp broadcast             | 'tcp' cannot be combined with 'broadcast' at column 1: 'tcp' | 1 | tcp
        src proto 6               | 'proto' cannot have a direction at column 5: 'proto' | 5 | proto
        tcp proto 6               | 'proto' cannot follow 'tcp' at column 5: 'proto' | 5 | proto
        len > 0x1ffffffff         | number too large at column 7: '0x1ffffffff' | 7 | 0x1ffffffff
        len > 09                  | not a number at column 7: '09' | 7 | 09
        len > $                   | unexpected character at column 7: '$' | 7 | $
        ip[0 = 1                  | expected ']' at column 6: '=' | 6 | =
        len > (1                  | expected ')' at column 9: 'end of expression' | 9 | end of expression
        greater x                 | expected a length after 'greater' at column 9: 'x' | 9 | x
        ip[0:x] = 1               | expected a size after ':' at column 6: 'x' | 6 | x
        net 10.0.0.0 mask x       | expected a netmask after 'mask' at column 19: 'x' | 19 | x
        net 10.0.0.0/x            | expected a prefix length after '/' at column 14: 'x' | 14 | x
        len > ]                   | expected a value at column 7: ']' | 7 | ]
        len > foo                 | expected a value at column 7: 'foo' | 7 | foo
        and                       | expected a primitive at column 1: 'and' | 1 | and
        host and                  | expected an address after 'host' at column 6: 'and' | 6 | and
        """)
    void aBadExpressionNamesTheColumnAndTheToken(String expression, String message, int column, String token) {
        assertThatThrownBy(() -> FilterCompiler.compile(expression, LinkType.EN10MB, SNAP))
            .isInstanceOfSatisfying(FilterSyntaxException.class, e -> {
                assertThat(e).hasMessage(message);
                assertThat(e.column()).isEqualTo(column);
                assertThat(e.token()).isEqualTo(token);
            });
    }

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource(delimiter = '|', textBlock = """
        NULL   | ether host 00:11:22:33:44:55 | ethernet addresses are supported only on Ethernet, not on BSD loopback at column 12: '00:11:22:33:44:55'
        RAW    | broadcast                    | broadcast are supported only on Ethernet, not on Raw IP at column 1: 'broadcast'
        RAW    | multicast                    | multicast are supported only on Ethernet, not on Raw IP at column 1: 'multicast'
        LOOP   | vlan                         | no VLAN support for OpenBSD loopback at column 1: 'vlan'
        NULL   | arp                          | expression rejects all packets
        EN10MB | ip and arp                   | expression rejects all packets
        EN10MB | 1 = 2                        | expression rejects all packets
        """)
    void linkTypesRejectWhatTheyCannotCarry(String linkType, String expression, String message) {
        LinkType type = LinkType.of(switch (linkType) {
            case "NULL" -> 0;
            case "RAW" -> 12;
            case "LOOP" -> 108;
            default -> 1;
        });
        assertThatThrownBy(() -> FilterCompiler.compile(expression, type, SNAP)).isInstanceOf(FilterSyntaxException.class)
            .hasMessage(message);
    }

    @Test
    void anUnsupportedLinkTypeIsAnError() {
        assertThatThrownBy(() -> FilterCompiler.compile("ip", LinkType.PPP, SNAP)).isInstanceOf(FilterSyntaxException.class)
            .hasMessage("filters on link type PPP are not supported (EN10MB, NULL, LOOP, RAW and LINUX_SLL are)")
            .extracting(e -> ((FilterSyntaxException) e).column()).isEqualTo(FilterSyntaxException.WHOLE_EXPRESSION);
    }

    @Test
    void theSnapLengthMustBePositive() {
        assertThatThrownBy(() -> FilterCompiler.compile("ip", LinkType.EN10MB, 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("snap length 0 must be positive");
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
        ''
        '   '
        1 = 1
        2 > 1
        ip or not ip
        0x10 = 16
        010 = 8
        """)
    void expressionsTrueForEveryPacketAreOneReturn(String expression) {
        assertThat(FilterCompiler.compile(expression == null ? "" : expression, LinkType.EN10MB, SNAP).instructions())
            .hasSize(1).first().satisfies(insn -> assertThat(insn.k()).isEqualTo(SNAP));
    }

    @Test
    void linuxCookedTestsTheProtocolAtOffset14() throws Exception {
        BpfFilter filter = BpfFilter.compile(FilterCompiler.compile("ip6 and udp port 53", LinkType.LINUX_SLL, SNAP));
        byte[] ip6 = new byte[16 + 48];
        ip6[14] = (byte) 0x86;
        ip6[15] = (byte) 0xdd;
        ip6[16] = 0x60;
        ip6[16 + 6] = 17;
        ip6[16 + 42] = 0;
        ip6[16 + 43] = 53;
        assertThat(run(filter, ip6)).isEqualTo(SNAP);
        ip6[16 + 43] = 54;
        assertThat(run(filter, ip6)).isZero();
    }

    @Test
    void longExpressionsGetJumpsBeyond255Instructions() throws Exception {
        StringBuilder expression = new StringBuilder("tcp port 1");
        for (int port = 2; port <= 50; port++) {
            expression.append(" or udp dst port ").append(port);
        }
        BpfProgram program = FilterCompiler.compile(expression.toString(), LinkType.EN10MB, SNAP);
        assertThat(program.instructions().size()).isGreaterThan(256);
        assertThat(program.instructions()).anyMatch(insn -> insn.code() == 0x05);
        BpfFilter filter = BpfFilter.compile(program);
        byte[] frame = new byte[14 + 20 + 8];
        frame[12] = 8;
        frame[14] = 0x45;
        frame[14 + 9] = 17;
        frame[34 + 3] = 50;
        assertThat(run(filter, frame)).isEqualTo(SNAP);
        frame[34 + 3] = 51;
        assertThat(run(filter, frame)).isZero();
    }

    @Test
    void leftChainsNeedOneScratchWordAndRightNestingOneALevel() {
        StringBuilder left = new StringBuilder("ip[0]");
        StringBuilder right = new StringBuilder("ip[0]");
        for (int i = 1; i <= 17; i++) {
            left.append(" - ip[").append(i).append(']');
            right.append(" - (ip[").append(i).append(']');
        }
        right.append(")".repeat(17));
        assertThat(FilterCompiler.compile(left + " = 1", LinkType.EN10MB, SNAP).instructions())
            .filteredOn(insn -> insn.code() == 0x02).allMatch(insn -> insn.k() == 0);
        assertThatThrownBy(() -> FilterCompiler.compile(right + " = 1", LinkType.EN10MB, SNAP))
            .isInstanceOf(FilterSyntaxException.class)
            .hasMessage("expression too complex: more than 16 scratch words");
    }

    private static int run(BpfFilter filter, byte[] bytes) {
        return filter.run(new Packet(1).append(ByteBuffer.wrap(bytes)).wireLength(bytes.length));
    }
}
