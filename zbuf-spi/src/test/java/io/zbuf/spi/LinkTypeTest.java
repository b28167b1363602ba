package io.zbuf.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LinkTypeTest {
    /**
     * FreeBSD's {@code DLT_NULL} 0, {@code DLT_EN10MB} 1, {@code DLT_RAW} 12, {@code DLT_PFSYNC} 121; pcap's {@code
     * LINKTYPE_NULL} 0, {@code LINKTYPE_ETHERNET} 1, {@code LINKTYPE_RAW} 101, {@code LINKTYPE_PFSYNC} 246; link
     * headers of 4, 14, 0, and 0 for one zbuf does not know.
     */
    @ParameterizedTest
    @CsvSource({"0, 0, 4, NULL, BSD loopback", "1, 1, 14, EN10MB, Ethernet", "12, 101, 0, RAW, Raw IP",
        "121, 246, 0, PFSYNC, Packet filter state syncing", "113, 113, 16, LINUX_SLL, Linux cooked v1",
        "108, 108, 4, LOOP, OpenBSD loopback", "109, 109, 12, ENC, OpenBSD encapsulated IP", "276, 276, 20, LINUX_SLL2, Linux cooked v2"})
    void aKnownTypeHasItsDltPcapValueHeaderLengthNameAndDescription(int dlt, int pcapLinkType, int headerLength, String name,
                                                                     String description) {
        LinkType type = LinkType.of(dlt);

        assertThat(type.dlt()).isEqualTo(dlt);
        assertThat(type.pcapLinkType()).isEqualTo(pcapLinkType);
        assertThat(type.headerLength()).isEqualTo(headerLength);
        assertThat(type.named()).isTrue();
        assertThat(type.name()).isEqualTo(name);
        assertThat(type.description()).isEqualTo(description);
        assertThat(type).hasToString(name + " (" + description + ")");
        assertThat(LinkType.known()).contains(type);
        assertThat(LinkType.ofPcapLinkType(pcapLinkType)).isSameAs(type);
    }

    @Test
    void theConstantsAreTheKnownTypes() {
        assertThat(LinkType.of(0)).isSameAs(LinkType.NULL);
        assertThat(LinkType.of(1)).isSameAs(LinkType.EN10MB);
        assertThat(LinkType.of(12)).isSameAs(LinkType.RAW);
        assertThat(LinkType.known()).startsWith(LinkType.NULL, LinkType.EN10MB).contains(LinkType.RAW, LinkType.IEEE802_11_RADIO)
            .hasSize(43);
    }

    @Test
    void dltsAndLinktypeValuesOfTheKnownTypesAreDistinct() {
        Set<Integer> dlts = new HashSet<>();
        Set<Integer> pcapLinkTypes = new HashSet<>();
        for (LinkType type : LinkType.known()) {
            assertThat(dlts.add(type.dlt())).as("DLT of %s", type).isTrue();
            assertThat(pcapLinkTypes.add(type.pcapLinkType())).as("LINKTYPE of %s", type).isTrue();
            assertThat(type.named()).isTrue();
        }
    }

    /** protocol.md section 4: {@code hdrlen = WORDALIGN(linkhdr + 26) - linkhdr}: Ethernet 26, loopback 28, raw 32. */
    @ParameterizedTest
    @CsvSource({"1, 26", "0, 28", "12, 32"})
    void headerLengthGivesTheRecordHeaderLengthOfTheProtocol(int dlt, int hdrlen) {
        int linkhdr = LinkType.of(dlt).headerLength();
        assertThat(((linkhdr + 26 + 7) & ~7) - linkhdr).isEqualTo(hdrlen);
    }

    /**
     * libpcap's {@code dlt_to_linktype}: a DLT value up to 10 or from 104 on is its own LINKTYPE value; one in
     * between without a table entry has none.
     */
    @ParameterizedTest
    @CsvSource({"2, 2", "5, 5", "147, 147", "162, 162", "300, 300", "2147483647, 2147483647", "15, -1", "60, -1", "106, 106",
        "103, -1"})
    void anUnknownDltIsUnnamedAndHasLibpcapsLinktypeValue(int dlt, int pcapLinkType) {
        LinkType type = LinkType.of(dlt);

        assertThat(type.dlt()).isEqualTo(dlt);
        assertThat(type.pcapLinkType()).isEqualTo(pcapLinkType);
        assertThat(type.named()).isFalse();
        assertThat(type.name()).isEqualTo(Integer.toString(dlt));
        assertThat(type.description()).isEqualTo("DLT " + dlt);
        assertThat(type).hasToString(Integer.toString(dlt));
        assertThat(type.headerLength()).isZero();
        assertThat(LinkType.known()).doesNotContain(type);
    }

    @Test
    void noPcapLinkTypeIsMinusOne() {
        assertThat(LinkType.NO_PCAP_LINK_TYPE).isEqualTo(-1);
        assertThat(LinkType.of(60).pcapLinkType()).isEqualTo(LinkType.NO_PCAP_LINK_TYPE);
    }

    /** libpcap's {@code linktype_to_dlt}: a LINKTYPE value without a table entry is taken as the DLT value. */
    @ParameterizedTest
    @CsvSource({"101, 12", "100, 11", "102, 13", "103, 14", "246, 121", "12, 12", "147, 147", "1, 1", "15, 15"})
    void aFilesLinktypeValueMapsToTheDlt(int pcapLinkType, int dlt) {
        assertThat(LinkType.ofPcapLinkType(pcapLinkType)).isEqualTo(LinkType.of(dlt));
    }

    @Test
    void typesAreEqualByTheirDlt() {
        assertThat(LinkType.of(147)).isEqualTo(LinkType.of(147)).hasSameHashCodeAs(LinkType.of(147))
            .isNotEqualTo(LinkType.of(148)).isNotEqualTo("147").isNotEqualTo(null);
        assertThat(LinkType.of(1)).isEqualTo(LinkType.EN10MB).hasSameHashCodeAs(LinkType.EN10MB).isNotEqualTo(LinkType.NULL);
        assertThat(LinkType.EN10MB.hashCode()).isNotEqualTo(LinkType.RAW.hashCode());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE})
    void aNegativeValueIsRefused(int value) {
        assertThatIllegalArgumentException().isThrownBy(() -> LinkType.of(value)).withMessage("DLT " + value + " is negative");
        assertThatIllegalArgumentException().isThrownBy(() -> LinkType.ofPcapLinkType(value));
    }
}
