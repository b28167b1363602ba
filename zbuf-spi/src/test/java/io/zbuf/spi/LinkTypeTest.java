package io.zbuf.spi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LinkTypeTest {
    /**
     * FreeBSD's {@code DLT_NULL} 0, {@code DLT_EN10MB} 1, {@code DLT_RAW} 12; pcap's {@code LINKTYPE_NULL} 0,
     * {@code LINKTYPE_ETHERNET} 1, {@code LINKTYPE_RAW} 101; link headers of 4, 14 and 0 bytes.
     */
    @ParameterizedTest
    @CsvSource({"NULL, 0, 0, 4", "EN10MB, 1, 1, 14", "RAW, 12, 101, 0"})
    void hasTheDltAndPcapValuesAndHeaderLength(LinkType type, int dlt, int pcapLinkType, int headerLength) {
        assertThat(type.dlt()).isEqualTo(dlt);
        assertThat(type.pcapLinkType()).isEqualTo(pcapLinkType);
        assertThat(type.headerLength()).isEqualTo(headerLength);
        assertThat(LinkType.ofPcapLinkType(pcapLinkType)).isSameAs(type);
    }

    /** protocol.md section 4: {@code hdrlen = WORDALIGN(linkhdr + 26) - linkhdr}: Ethernet 26, loopback 28, raw 32. */
    @ParameterizedTest
    @CsvSource({"EN10MB, 26", "NULL, 28", "RAW, 32"})
    void headerLengthGivesTheRecordHeaderLengthOfTheProtocol(LinkType type, int hdrlen) {
        int linkhdr = type.headerLength();
        assertThat(((linkhdr + 26 + 7) & ~7) - linkhdr).isEqualTo(hdrlen);
    }

    /** 12 is DLT_RAW but not a pcap link type; 105 is 802.11; 113 Linux cooked capture. */
    @ParameterizedTest
    @ValueSource(ints = {12, 14, 105, 113, -1, Integer.MAX_VALUE})
    void ofPcapLinkTypeRefusesTypesZbufCannotFrame(int pcapLinkType) {
        assertThatIllegalArgumentException().isThrownBy(() -> LinkType.ofPcapLinkType(pcapLinkType))
                .withMessageStartingWith("link type " + pcapLinkType + " is not supported");
    }
}
