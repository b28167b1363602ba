package io.zbuf.core.pcap.filter;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** Address forms against the JDK's parser (IPv6) and by hand (IPv4 octets, MAC forms). */
class AddressesTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"::", "::1", "1::", "fe80::1", "2001:db8::8:800:200c:417a", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6::8",
        "1::3:4:5:6:7:8", "::ffff:10.0.0.1", "1:2:3:4:5:6:1.2.3.4", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "0:0::0:0"})
    void ipv6AddressesAreTheJdksWords(String text) throws Exception {
        ByteBuffer expected = ByteBuffer.wrap(InetAddress.getByName("[" + text + "]").getAddress());
        if (expected.capacity() == 4) {
            expected = ByteBuffer.allocate(16).putShort(10, (short) 0xffff).put(12, expected.array()).position(0);
        }
        int[] words = Addresses.ipv6(text);
        assertThat(words).containsExactly(expected.getInt(0), expected.getInt(4), expected.getInt(8), expected.getInt(12));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8",
        "12345::", "g::", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "::1.2.3.256", "1:", ":1", "1::2:3:4:5:6:7:8"})
    void malformedIpv6IsNull(String text) {
        assertThat(Addresses.ipv6(text)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"10, 167772160, 1", "10.1, 167837696, 2", "10.1.2, 167838208, 3", "10.1.2.3, 167838211, 4",
        "255.255.255.255, 4294967295, 4", "0.0.0.0, 0, 4"})
    void ipv4IsItsValueAndOctets(String text, long value, long octets) {
        assertThat(Addresses.ipv4(text)).containsExactly(value, octets);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"256.0.0.0", "1.2.3.4.5", "1..2", "1.2.3.", ".1", "a.b", "1000.1", "1.-2"})
    void malformedIpv4IsNull(String text) {
        assertThat(Addresses.ipv4(text)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"00:11:22:33:44:55", "0:11:22:33:44:55", "00-11-22-33-44-55", "00.11.22.33.44.55", "0011.2233.4455"})
    void macForms(String text) {
        assertThat(Addresses.mac(text.startsWith("0:") ? "00" + text.substring(1) : text))
            .containsExactly(0x00, 0x11, 0x22, 0x33, 0x44, 0x55);
        assertThat(Addresses.isMac(text)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"00:11:22:33:44", "00:11:22:33:44:55:66", "000:11:22:33:44:55", "00:11:22:33:44:gg",
        "011.2233.4455", "0011.2233.445", "0011:2233:4455", "00::22:33:44:55", "0011.2233.44g5"})
    void notMacs(String text) {
        assertThat(Addresses.mac(text)).isNull();
        assertThat(Addresses.isMac(text)).isFalse();
    }
}
