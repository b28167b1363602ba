package io.zbuf.core.pcap.filter;

import io.zbuf.core.filter.BpfFilter;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.BpfProgram;
import io.zbuf.spi.LinkType;

/**
 * Compiles tcpdump's filter expressions (pcap-filter(7)) into classic BPF, in Java, as libpcap's
 * {@code pcap_compile} does with optimization on: {@code compile("tcp port 80", LinkType.EN10MB, 262144)}.
 * The program returns the snap length for a packet the expression accepts and 0 for one it rejects, and
 * has passed the kernel's validation. docs/filters.md lists the language and how it is checked against
 * libpcap.
 */
public final class FilterCompiler {
    private FilterCompiler() {
    }

    /**
     * @param expression the filter; empty (or blank) accepts every packet
     * @param linkType the link type of the packets: EN10MB, NULL, LOOP, RAW (IPV4, IPV6) or LINUX_SLL
     * @param snapLength what an accepting program returns, 1 to 2^31 - 1
     * @throws FilterSyntaxException if the expression does not compile, naming the column and token
     */
    public static BpfProgram compile(String expression, LinkType linkType, int snapLength) {
        if (snapLength <= 0) {
            throw new IllegalArgumentException("snap length " + snapLength + " must be positive");
        }
        Primitives primitives = new Primitives(LinkLayer.of(linkType));
        Cond cond = Parser.parse(expression, primitives);
        BpfProgram program = new BpfProgram(CodeGenerator.generate(cond, snapLength));
        try {
            BpfFilter.compile(program);
        } catch (BpfException e) {
            throw new FilterSyntaxException("expression too long for one program: " + e.getMessage(),
                FilterSyntaxException.WHOLE_EXPRESSION, "");
        }
        return program;
    }
}
