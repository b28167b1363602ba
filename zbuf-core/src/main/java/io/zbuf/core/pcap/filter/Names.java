package io.zbuf.core.pcap.filter;

import java.util.Map;

import static java.util.Map.entry;

/**
 * The names an expression may use, built in so that a filter never depends on the machine's
 * {@code /etc/services} or {@code /etc/protocols}: services as Debian's netbase lists them (with the
 * transport protocols each is registered for), IP protocols, ethertypes, and the constants of
 * pcap-filter(7) ({@code tcp-syn}, {@code icmp-echo}, {@code tcpflags}...).
 */
final class Names {
    /** A service: its port and whether it is registered for TCP, UDP (both: either; SCTP follows "both"). */
    record Service(int port, boolean tcp, boolean udp) {
    }

    private static final Map<String, Service> SERVICES = Map.ofEntries(
        entry("echo", both(7)), entry("discard", both(9)), entry("daytime", both(13)), entry("chargen", both(19)),
        entry("ftp-data", tcp(20)), entry("ftp", tcp(21)), entry("ssh", tcp(22)), entry("telnet", tcp(23)),
        entry("smtp", tcp(25)), entry("mail", tcp(25)), entry("time", both(37)), entry("whois", tcp(43)),
        entry("domain", both(53)), entry("bootps", udp(67)), entry("bootpc", udp(68)), entry("tftp", udp(69)),
        entry("finger", tcp(79)), entry("http", tcp(80)), entry("www", tcp(80)), entry("kerberos", both(88)),
        entry("pop3", tcp(110)), entry("nntp", tcp(119)), entry("ntp", udp(123)), entry("netbios-ns", udp(137)),
        entry("netbios-dgm", udp(138)), entry("netbios-ssn", tcp(139)), entry("imap2", tcp(143)),
        entry("imap", tcp(143)), entry("snmp", both(161)), entry("snmp-trap", both(162)), entry("bgp", tcp(179)),
        entry("ldap", both(389)), entry("https", both(443)), entry("microsoft-ds", tcp(445)),
        entry("isakmp", udp(500)), entry("syslog", udp(514)), entry("printer", tcp(515)), entry("route", udp(520)),
        entry("submission", tcp(587)), entry("ipp", tcp(631)), entry("domain-s", both(853)),
        entry("rsync", tcp(873)), entry("imaps", tcp(993)), entry("pop3s", tcp(995)), entry("openvpn", both(1194)),
        entry("radius", both(1812)), entry("nfs", both(2049)), entry("mysql", tcp(3306)), entry("sip", both(5060)),
        entry("postgresql", tcp(5432)), entry("x11", tcp(6000)), entry("http-alt", tcp(8080)));

    private static final Map<String, Integer> IP_PROTOCOLS = Map.ofEntries(
        entry("ip", 0), entry("icmp", 1), entry("igmp", 2), entry("ggp", 3), entry("ipencap", 4), entry("st", 5),
        entry("tcp", 6), entry("egp", 8), entry("igp", 9), entry("pup", 12), entry("udp", 17), entry("hmp", 20),
        entry("xns-idp", 22), entry("rdp", 27), entry("iso-tp4", 29), entry("dccp", 33), entry("xtp", 36),
        entry("ddp", 37), entry("idpr-cmtp", 38), entry("ipv6", 41), entry("ipv6-route", 43),
        entry("ipv6-frag", 44), entry("idrp", 45), entry("rsvp", 46), entry("gre", 47), entry("esp", 50),
        entry("ah", 51), entry("skip", 57), entry("ipv6-icmp", 58), entry("ipv6-nonxt", 59),
        entry("ipv6-opts", 60), entry("rspf", 73), entry("vmtp", 81), entry("eigrp", 88), entry("ospf", 89),
        entry("ipip", 94), entry("etherip", 97), entry("encap", 98), entry("pim", 103), entry("ipcomp", 108),
        entry("vrrp", 112), entry("l2tp", 115), entry("isis", 124), entry("sctp", 132), entry("fc", 133),
        entry("udplite", 136), entry("icmp6", 58));

    private static final Map<String, Integer> ETHER_TYPES = Map.ofEntries(
        entry("ip", LinkLayer.ETHERTYPE_IP), entry("ip6", LinkLayer.ETHERTYPE_IPV6), entry("arp", LinkLayer.ETHERTYPE_ARP),
        entry("rarp", LinkLayer.ETHERTYPE_REVARP), entry("atalk", 0x809b), entry("aarp", 0x80f3),
        entry("decnet", 0x6003), entry("lat", 0x6004), entry("sca", 0x6007), entry("moprc", 0x6002),
        entry("mopdl", 0x6001), entry("loopback", 0x9000));

    private static final Map<String, Integer> CONSTANTS = Map.ofEntries(
        entry("tcpflags", 13), entry("tcp-fin", 0x01), entry("tcp-syn", 0x02), entry("tcp-rst", 0x04),
        entry("tcp-push", 0x08), entry("tcp-ack", 0x10), entry("tcp-urg", 0x20), entry("tcp-ece", 0x40),
        entry("tcp-cwr", 0x80), entry("icmptype", 0), entry("icmpcode", 1), entry("icmp-echoreply", 0),
        entry("icmp-unreach", 3), entry("icmp-sourcequench", 4), entry("icmp-redirect", 5), entry("icmp-echo", 8),
        entry("icmp-routeradvert", 9), entry("icmp-routersolicit", 10), entry("icmp-timxceed", 11),
        entry("icmp-paramprob", 12), entry("icmp-tstamp", 13), entry("icmp-tstampreply", 14),
        entry("icmp-ireq", 15), entry("icmp-ireqreply", 16), entry("icmp-maskreq", 17), entry("icmp-maskreply", 18),
        entry("icmp6type", 0), entry("icmp6code", 1), entry("icmp6-destinationunreach", 1),
        entry("icmp6-packettoobig", 2), entry("icmp6-timeexceeded", 3), entry("icmp6-parameterproblem", 4),
        entry("icmp6-echo", 128), entry("icmp6-echoreply", 129), entry("icmp6-multicastlistenerquery", 130),
        entry("icmp6-multicastlistenerreportv1", 131), entry("icmp6-multicastlistenerdone", 132),
        entry("icmp6-routersolicit", 133), entry("icmp6-routeradvert", 134), entry("icmp6-neighborsolicit", 135),
        entry("icmp6-neighboradvert", 136), entry("icmp6-redirect", 137));

    private Names() {
    }

    private static Service tcp(int port) {
        return new Service(port, true, false);
    }

    private static Service udp(int port) {
        return new Service(port, false, true);
    }

    private static Service both(int port) {
        return new Service(port, true, true);
    }

    static Service service(String name) {
        return SERVICES.get(name);
    }

    static Integer ipProtocol(String name) {
        return IP_PROTOCOLS.get(name);
    }

    static Integer etherType(String name) {
        return ETHER_TYPES.get(name);
    }

    static Integer constant(String name) {
        return CONSTANTS.get(name);
    }
}
