package io.zbuf.afpacket;

import io.zbuf.afpacket.libc.Ifreq;
import io.zbuf.afpacket.libc.LinuxErrno;
import io.zbuf.afpacket.libc.LinuxLibc;
import io.zbuf.afpacket.libc.PacketMreq;
import io.zbuf.afpacket.libc.Pollfd;
import io.zbuf.afpacket.libc.SockFprog;
import io.zbuf.afpacket.libc.SockaddrLl;
import io.zbuf.afpacket.libc.TpacketReq3;
import io.zbuf.afpacket.libc.TpacketStatsV3;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every constant, size and offset the live source uses, against Linux's own headers: a C program compiled with
 * gcc prints what the headers say, and the Java side must say the same.
 */
@Tag("external-tool")
class LinuxHeadersTest {
    /** The C expression of each name, and what zbuf has for it. */
    private static final Map<String, Long> ZBUF = new LinkedHashMap<>();

    static {
        constant("AF_PACKET", LinuxLibc.AF_PACKET);
        constant("SOCK_RAW", LinuxLibc.SOCK_RAW);
        constant("SOCK_CLOEXEC", LinuxLibc.SOCK_CLOEXEC);
        constant("ETH_P_ALL", LinuxLibc.ETH_P_ALL);
        constant("SOL_SOCKET", LinuxLibc.SOL_SOCKET);
        constant("SO_ERROR", LinuxLibc.SO_ERROR);
        constant("SO_ATTACH_FILTER", LinuxLibc.SO_ATTACH_FILTER);
        constant("SO_DETACH_FILTER", LinuxLibc.SO_DETACH_FILTER);
        constant("SOL_PACKET", LinuxLibc.SOL_PACKET);
        constant("PACKET_ADD_MEMBERSHIP", LinuxLibc.PACKET_ADD_MEMBERSHIP);
        constant("PACKET_RX_RING", LinuxLibc.PACKET_RX_RING);
        constant("PACKET_STATISTICS", LinuxLibc.PACKET_STATISTICS);
        constant("PACKET_VERSION", LinuxLibc.PACKET_VERSION);
        constant("PACKET_IGNORE_OUTGOING", LinuxLibc.PACKET_IGNORE_OUTGOING);
        constant("TPACKET_V3", LinuxLibc.TPACKET_V3);
        constant("PACKET_MR_PROMISC", LinuxLibc.PACKET_MR_PROMISC);
        constant("PROT_READ", LinuxLibc.PROT_READ);
        constant("PROT_WRITE", LinuxLibc.PROT_WRITE);
        constant("MAP_SHARED", LinuxLibc.MAP_SHARED);
        constant("POLLIN", LinuxLibc.POLLIN);
        constant("POLLERR", LinuxLibc.POLLERR);
        constant("POLLHUP", LinuxLibc.POLLHUP);
        constant("POLLNVAL", LinuxLibc.POLLNVAL);
        constant("EFD_CLOEXEC", LinuxLibc.EFD_CLOEXEC);
        constant("EFD_NONBLOCK", LinuxLibc.EFD_NONBLOCK);
        constant("SIOCGIFFLAGS", LinuxLibc.SIOCGIFFLAGS);
        constant("SIOCGIFHWADDR", LinuxLibc.SIOCGIFHWADDR);
        constant("SIOCGIFINDEX", LinuxLibc.SIOCGIFINDEX);
        constant("IFF_UP", LinuxLibc.IFF_UP);
        constant("ARPHRD_ETHER", LinuxLibc.ARPHRD_ETHER);
        constant("ARPHRD_LOOPBACK", LinuxLibc.ARPHRD_LOOPBACK);
        constant("_SC_PAGESIZE", LinuxLibc.SC_PAGESIZE);
        constant("TP_STATUS_KERNEL", BlockDescriptor.TP_STATUS_KERNEL);
        constant("TP_STATUS_USER", BlockDescriptor.TP_STATUS_USER);
        constant("TP_STATUS_LOSING", BlockDescriptor.TP_STATUS_LOSING);
        constant("TP_STATUS_BLK_TMO", BlockDescriptor.TP_STATUS_BLK_TMO);
        constant("TPACKET3_HDRLEN", FrameHeader.HDRLEN);
        constant("BPF_RET|BPF_K", SockFprog.RET_K);
        constant("sizeof(struct tpacket_req3)", TpacketReq3.LENGTH);
        constant("offsetof(struct tpacket_req3, tp_block_size)", TpacketReq3.BLOCK_SIZE_OFFSET);
        constant("offsetof(struct tpacket_req3, tp_block_nr)", TpacketReq3.BLOCK_NR_OFFSET);
        constant("offsetof(struct tpacket_req3, tp_frame_size)", TpacketReq3.FRAME_SIZE_OFFSET);
        constant("offsetof(struct tpacket_req3, tp_frame_nr)", TpacketReq3.FRAME_NR_OFFSET);
        constant("offsetof(struct tpacket_req3, tp_retire_blk_tov)", TpacketReq3.RETIRE_BLK_TOV_OFFSET);
        constant("offsetof(struct tpacket_req3, tp_sizeof_priv)", TpacketReq3.SIZEOF_PRIV_OFFSET);
        constant("offsetof(struct tpacket_req3, tp_feature_req_word)", TpacketReq3.FEATURE_REQ_WORD_OFFSET);
        constant("sizeof(struct sockaddr_ll)", SockaddrLl.LENGTH);
        constant("offsetof(struct sockaddr_ll, sll_family)", SockaddrLl.FAMILY_OFFSET);
        constant("offsetof(struct sockaddr_ll, sll_protocol)", SockaddrLl.PROTOCOL_OFFSET);
        constant("offsetof(struct sockaddr_ll, sll_ifindex)", SockaddrLl.IFINDEX_OFFSET);
        constant("sizeof(struct packet_mreq)", PacketMreq.LENGTH);
        constant("offsetof(struct packet_mreq, mr_ifindex)", PacketMreq.IFINDEX_OFFSET);
        constant("offsetof(struct packet_mreq, mr_type)", PacketMreq.TYPE_OFFSET);
        constant("sizeof(struct sock_fprog)", SockFprog.LENGTH);
        constant("offsetof(struct sock_fprog, filter)", SockFprog.FILTER_OFFSET);
        constant("sizeof(struct sock_filter)", SockFprog.INSTRUCTION_LENGTH);
        constant("sizeof(struct ifreq)", Ifreq.LENGTH);
        constant("IFNAMSIZ", Ifreq.NAME_SIZE);
        constant("offsetof(struct ifreq, ifr_flags)", Ifreq.UNION_OFFSET);
        constant("offsetof(struct ifreq, ifr_hwaddr.sa_family)", Ifreq.UNION_OFFSET);
        constant("offsetof(struct ifreq, ifr_ifindex)", Ifreq.UNION_OFFSET);
        constant("sizeof(struct pollfd)", Pollfd.LENGTH);
        constant("offsetof(struct pollfd, events)", Pollfd.EVENTS_OFFSET);
        constant("offsetof(struct pollfd, revents)", Pollfd.REVENTS_OFFSET);
        constant("sizeof(struct tpacket_stats_v3)", TpacketStatsV3.LENGTH);
        constant("offsetof(struct tpacket_stats_v3, tp_packets)", TpacketStatsV3.PACKETS_OFFSET);
        constant("offsetof(struct tpacket_stats_v3, tp_drops)", TpacketStatsV3.DROPS_OFFSET);
        constant("sizeof(struct tpacket_block_desc)", BlockDescriptor.LENGTH);
        constant("offsetof(struct tpacket_block_desc, version)", BlockDescriptor.VERSION_OFFSET);
        constant("offsetof(struct tpacket_block_desc, hdr.bh1.block_status)", BlockDescriptor.BLOCK_STATUS_OFFSET);
        constant("offsetof(struct tpacket_block_desc, hdr.bh1.num_pkts)", BlockDescriptor.NUM_PKTS_OFFSET);
        constant("offsetof(struct tpacket_block_desc, hdr.bh1.offset_to_first_pkt)", BlockDescriptor.OFFSET_TO_FIRST_PKT_OFFSET);
        constant("offsetof(struct tpacket_block_desc, hdr.bh1.blk_len)", BlockDescriptor.BLK_LEN_OFFSET);
        constant("offsetof(struct tpacket_block_desc, hdr.bh1.seq_num)", BlockDescriptor.SEQ_NUM_OFFSET);
        constant("sizeof(struct tpacket3_hdr)", FrameHeader.LENGTH);
        constant("offsetof(struct tpacket3_hdr, tp_next_offset)", FrameHeader.NEXT_OFFSET_OFFSET);
        constant("offsetof(struct tpacket3_hdr, tp_sec)", FrameHeader.SEC_OFFSET);
        constant("offsetof(struct tpacket3_hdr, tp_nsec)", FrameHeader.NSEC_OFFSET);
        constant("offsetof(struct tpacket3_hdr, tp_snaplen)", FrameHeader.SNAPLEN_OFFSET);
        constant("offsetof(struct tpacket3_hdr, tp_len)", FrameHeader.LEN_OFFSET);
        constant("offsetof(struct tpacket3_hdr, tp_status)", FrameHeader.STATUS_OFFSET);
        constant("offsetof(struct tpacket3_hdr, tp_mac)", FrameHeader.MAC_OFFSET);
        constant("sizeof(struct if_nameindex)", LinuxInterfaces.ENTRY_SIZE);
        constant("offsetof(struct if_nameindex, if_name)", LinuxInterfaces.NAME_OFFSET);
        for (LinuxErrno errno : LinuxErrno.values()) {
            constant(errno.name(), errno.code());
        }
    }

    private static void constant(String expression, long value) {
        ZBUF.put(expression, value);
    }

    @Test
    void everyNumberIsWhatLinuxsHeadersSay(@TempDir Path directory) throws IOException, InterruptedException {
        StringBuilder program = new StringBuilder("""
                #define _GNU_SOURCE
                #include <errno.h>
                #include <poll.h>
                #include <stddef.h>
                #include <stdio.h>
                #include <unistd.h>
                #include <net/if.h>
                #include <net/if_arp.h>
                #include <sys/eventfd.h>
                #include <sys/ioctl.h>
                #include <sys/mman.h>
                #include <sys/socket.h>
                #include <linux/filter.h>
                #include <linux/if_ether.h>
                #include <linux/if_packet.h>
                int main(void) {
                """);
        for (String expression : ZBUF.keySet()) {
            program.append("    printf(\"%s=%lld\\n\", \"").append(expression).append("\", (long long) (").append(expression).append("));\n");
        }
        program.append("    return 0;\n}\n");
        Path source = Files.writeString(directory.resolve("headers.c"), program);
        Path binary = directory.resolve("headers");
        run(directory, "gcc", "-o", binary.toString(), source.toString());
        Map<String, Long> linux = new TreeMap<>();
        for (String line : run(directory, binary.toString()).split("\n")) {
            int equals = line.lastIndexOf('=');
            linux.put(line.substring(0, equals), Long.parseLong(line.substring(equals + 1)));
        }
        assertThat(new TreeMap<>(ZBUF)).isEqualTo(linux);
    }

    private static String run(Path directory, String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed by this test (apt-get install gcc libc6-dev): " + e.getMessage(), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
