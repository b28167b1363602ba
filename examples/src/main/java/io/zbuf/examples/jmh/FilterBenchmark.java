package io.zbuf.examples.jmh;

import io.zbuf.core.filter.BpfFilter;
import io.zbuf.core.kernel.Packet;
import io.zbuf.core.pcap.filter.FilterCompiler;
import io.zbuf.spi.BpfException;
import io.zbuf.spi.LinkType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.nio.ByteBuffer;

/**
 * The kernel side's interpreter ({@link BpfFilter#run}) on programs {@link FilterCompiler} compiled: per packet,
 * {@code tcp port 80} and a 10-term expression, on a TCP/IPv4 frame to port 80 (accepted; the 10-term
 * expression reaches its ninth term) and on a UDP one (rejected). {@code -prof gc} shows what it allocates
 * per packet: nothing.
 */
public class FilterBenchmark extends BenchmarkDefaults {
    /**
     * The 10-term expression: ports, hosts, a network, protocols, a length, flags, a VLAN (last: it shifts what
     * follows); the frame to port 80 matches its ninth term only, the UDP frame none.
     */
    static final String TEN_TERMS = "udp port 53 or host 192.168.1.1 or net 172.16.0.0/12 or tcp port 22 or icmp "
        + "or ip6 or less 40 or tcp[tcpflags] & tcp-rst != 0 or tcp dst port 80 or vlan 5";

    @Param({"tcp port 80", "ten terms"})
    public String expression;

    /** The frame's transport: accepted (tcp to port 80) or rejected (udp). */
    @Param({"tcp", "udp"})
    public String frame;

    private BpfFilter filter;
    private Packet packet;

    @Setup
    public void setUp() throws BpfException {
        filter = BpfFilter.compile(FilterCompiler.compile(expression.equals("ten terms") ? TEN_TERMS : expression,
            LinkType.EN10MB, 262144));
        packet = new Packet(1).append(frame(frame.equals("tcp"))).wireLength(74);
    }

    /** One packet through the filter: the verdict. */
    @Benchmark
    public int run() {
        return filter.run(packet);
    }

    /** A 74-byte Ethernet/IPv4 frame from 10.0.0.1:40000 to 10.0.0.2:80, TCP (ACK) or UDP. */
    static ByteBuffer frame(boolean tcp) {
        ByteBuffer frame = ByteBuffer.allocateDirect(74);
        frame.put(new byte[] {0, 0x11, 0x22, 0x33, 0x44, 0x55, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        frame.put((byte) 0x45).put((byte) 0).putShort((short) 60).putInt(0x40004000).put((byte) 64)
            .put((byte) (tcp ? 6 : 17)).putShort((short) 0).putInt(0x0a000001).putInt(0x0a000002);
        frame.putShort((short) 40000).putShort((short) 80).putInt(1).putInt(0).put((byte) 0x50).put((byte) 0x10);
        return frame.clear();
    }
}
