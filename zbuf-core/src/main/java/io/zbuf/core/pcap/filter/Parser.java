package io.zbuf.core.pcap.filter;

import io.zbuf.core.pcap.filter.Primitives.Direction;

import java.util.List;
import java.util.Set;

import static io.zbuf.core.filter.BpfOpcodes.*;
import static io.zbuf.core.pcap.filter.LinkLayer.*;
import static io.zbuf.core.pcap.filter.Primitives.*;

/**
 * Recursive-descent parser of pcap-filter(7) expressions, building the tests as it goes (so that
 * {@code vlan} shifts what follows it, as in libpcap). {@code and} and {@code or} have equal precedence
 * and associate left to right; {@code not} binds tightest; a bare address, number or name after a
 * primitive inherits that primitive's qualifiers ({@code host a or b}, {@code port 53 or 80}).
 */
final class Parser {
    private static final Set<String> PROTOCOLS = Set.of("ether", "link", "ip", "ip6", "arp", "rarp", "tcp", "udp",
        "sctp", "icmp", "icmp6", "igmp");
    private static final Set<String> TYPES = Set.of("host", "net", "port", "portrange", "proto", "gateway");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "src", "dst", "greater", "less", "len",
        "vlan", "broadcast", "multicast", "mask", "protochain", "host", "net", "port", "portrange", "proto",
        "gateway", "ether", "link", "ip", "ip6", "arp", "rarp", "tcp", "udp", "sctp", "icmp", "icmp6", "igmp");
    private static final int MAX_PORT = 0xffff;

    /** The qualifiers of a primitive: protocol and type are null when not given. */
    private record Qualifiers(String protocol, Direction direction, String type, Token typeToken) {
    }

    private final List<Token> tokens;
    private final Primitives primitives;
    private int position;
    /** What a bare id inherits; null after a primitive without qualifiers. */
    private Qualifiers inherited;

    private Parser(List<Token> tokens, Primitives primitives) {
        this.tokens = tokens;
        this.primitives = primitives;
    }

    /** The tests of a whole expression; the empty expression accepts every packet. */
    static Cond parse(String expression, Primitives primitives) {
        Parser parser = new Parser(Lexer.tokens(expression), primitives);
        if (parser.peek().kind() == Token.Kind.END) {
            return Cond.TRUE;
        }
        Cond cond = parser.expression();
        parser.expectEnd();
        return cond;
    }

    private void expectEnd() {
        Token token = peek();
        if (token.kind() != Token.Kind.END) {
            throw error("expected 'and', 'or' or the end of the expression", token);
        }
    }

    private Cond expression() {
        Cond cond = unary();
        while (true) {
            Token token = peek();
            if (token.is("and") || token.is("&&")) {
                position++;
                cond = Cond.and(cond, unary());
            } else if (token.is("or") || token.is("||")) {
                position++;
                cond = Cond.or(cond, unary());
            } else {
                return cond;
            }
        }
    }

    private Cond unary() {
        Token token = peek();
        if (token.is("not") || token.is("!")) {
            position++;
            return Cond.not(unary());
        }
        return primary();
    }

    private Cond primary() {
        Token token = peek();
        if (certainlyValue(token)) {
            Cond relation = relation(false);
            if (relation == null) {
                throw error("expected a comparison (=, !=, <, <=, >, >=)", peek());
            }
            inherited = null;
            return relation;
        }
        if (token.is("(") || token.kind() == Token.Kind.WORD && isNumber(token.text())) {
            int start = position;
            Qualifiers before = inherited;
            Cond relation = relation(true);
            if (relation != null) {
                inherited = null;
                return relation;
            }
            position = start;
            inherited = before;
        }
        if (token.is("(")) {
            position++;
            Cond inner = expression();
            expect(")", "expected ')'");
            return inner;
        }
        if (token.kind() != Token.Kind.WORD && !token.is("\\")) {
            throw error("expected a primitive", token);
        }
        String word = token.text();
        switch (word) {
            case "greater", "less" -> {
                position++;
                inherited = null;
                return Primitives.length(word.equals("greater"), number(next(), "expected a length after '" + word + "'"));
            }
            case "vlan" -> {
                position++;
                inherited = null;
                Token id = peek();
                int vlan = -1;
                if (id.kind() == Token.Kind.WORD && isNumber(id.text())) {
                    position++;
                    vlan = number(id, "expected a VLAN id after 'vlan'");
                    if (vlan > 0xfff) {
                        throw error("VLAN id must be 0 to 4095", id);
                    }
                }
                return primitives.link().vlan(vlan, token);
            }
            case "broadcast" -> {
                position++;
                inherited = null;
                return primitives.etherBroadcast(token);
            }
            case "multicast" -> {
                position++;
                inherited = null;
                return primitives.etherMulticast(token);
            }
            default -> {
                return qualified();
            }
        }
    }

    /** {@code [proto] [dir] [type] id}, the protocol abbreviations, broadcast/multicast of a protocol, or a bare id. */
    private Cond qualified() {
        Token first = peek();
        String protocol = null;
        if (PROTOCOLS.contains(first.text())) {
            protocol = first.text();
            position++;
            Token after = peek();
            if (after.is("broadcast") || after.is("multicast")) {
                position++;
                inherited = null;
                return protocolCast(protocol, after, first);
            }
            if (!after.is("src") && !after.is("dst") && !TYPES.contains(after.text()) && !after.is("protochain")
                && (after.kind() != Token.Kind.WORD || KEYWORDS.contains(after.text()))) {
                inherited = null;
                return abbreviation(protocol, first);
            }
        }
        if (peek().is("protochain")) {
            throw error("protochain is not supported", peek());
        }
        Direction direction = direction();
        boolean explicit = protocol != null || direction != null;
        String type = null;
        Token typeToken = null;
        if (TYPES.contains(peek().text())) {
            typeToken = next();
            type = typeToken.text();
            explicit = true;
        }
        if (!explicit) {
            if (inherited == null) {
                throw error("expected a primitive", first);
            }
            return primitive(inherited, next());
        }
        Qualifiers qualifiers = new Qualifiers(protocol, direction == null ? Direction.EITHER : direction, type,
            typeToken == null ? first : typeToken);
        inherited = qualifiers;
        if ("proto".equals(type)) {
            boolean escaped = peek().is("\\");
            Token id = nextId();
            if (!escaped && KEYWORDS.contains(id.text())) {
                throw error("a protocol name that is a keyword needs a backslash, as in '\\" + id.text() + "'", id);
            }
            return protocolNumber(qualifiers, id);
        }
        if ("gateway".equals(type)) {
            throw error("gateway is not supported (it needs name resolution)", typeToken);
        }
        return primitive(qualifiers, nextId());
    }

    private Token nextId() {
        if (peek().is("\\")) {
            position++;
        }
        return next();
    }

    private Direction direction() {
        Token token = peek();
        if (!token.is("src") && !token.is("dst")) {
            return null;
        }
        position++;
        Token joint = peek();
        String other = token.is("src") ? "dst" : "src";
        if ((joint.is("or") || joint.is("||") || joint.is("and") || joint.is("&&")) && position + 1 < tokens.size()
            && tokens.get(position + 1).is(other)) {
            position += 2;
            return joint.is("or") || joint.is("||") ? Direction.EITHER : Direction.BOTH;
        }
        return token.is("src") ? Direction.SOURCE : Direction.DESTINATION;
    }

    private Cond abbreviation(String protocol, Token at) {
        return switch (protocol) {
            case "ip" -> primitives.ip();
            case "ip6" -> primitives.ip6();
            case "arp" -> primitives.link().protocol(ETHERTYPE_ARP);
            case "rarp" -> primitives.link().protocol(ETHERTYPE_REVARP);
            case "tcp" -> primitives.protocol(IPPROTO_TCP);
            case "udp" -> primitives.protocol(IPPROTO_UDP);
            case "sctp" -> primitives.protocol(IPPROTO_SCTP);
            case "icmp" -> primitives.ipProtocol(IPPROTO_ICMP);
            case "igmp" -> primitives.ipProtocol(IPPROTO_IGMP);
            case "icmp6" -> primitives.ip6Protocol(IPPROTO_ICMPV6);
            default -> throw error("expected a qualifier or an address after '" + protocol + "'", peek());
        };
    }

    private Cond protocolCast(String protocol, Token cast, Token at) {
        boolean broadcast = cast.is("broadcast");
        return switch (protocol) {
            case "ether", "link" -> broadcast ? primitives.etherBroadcast(cast) : primitives.etherMulticast(cast);
            case "ip" -> {
                if (broadcast) {
                    throw error("netmask not known, so 'ip broadcast' is not supported", cast);
                }
                yield primitives.ipMulticast();
            }
            case "ip6" -> {
                if (broadcast) {
                    throw error("only link-layer and IPv4 broadcast are supported", cast);
                }
                yield primitives.ip6Multicast();
            }
            default -> throw error("'" + protocol + "' cannot be combined with '" + cast.text() + "'", at);
        };
    }

    /** {@code ether proto N}, {@code ip proto N}, {@code ip6 proto N}, {@code proto N}. */
    private Cond protocolNumber(Qualifiers qualifiers, Token id) {
        String protocol = qualifiers.protocol() == null ? "" : qualifiers.protocol();
        if (qualifiers.direction() != Direction.EITHER) {
            throw error("'proto' cannot have a direction", qualifiers.typeToken());
        }
        if (protocol.equals("ether") || protocol.equals("link")) {
            Integer type = isNumber(id.text()) ? Integer.valueOf(number(id, "")) : Names.etherType(id.text());
            if (type == null || type > 0xffff || id.kind() != Token.Kind.WORD) {
                throw error("expected an ethertype after 'proto'", id);
            }
            return primitives.link().protocol(type);
        }
        Integer number = isNumber(id.text()) ? Integer.valueOf(number(id, "")) : Names.ipProtocol(id.text());
        if (number == null || number > 0xff || id.kind() != Token.Kind.WORD) {
            throw error("expected a protocol number after 'proto'", id);
        }
        return switch (protocol) {
            case "" -> primitives.protocol(number);
            case "ip" -> primitives.ipProtocol(number);
            case "ip6" -> primitives.ip6Protocol(number);
            default -> throw error("'proto' cannot follow '" + protocol + "'", qualifiers.typeToken());
        };
    }

    /** A host, network, port or port range with its qualifiers. */
    private Cond primitive(Qualifiers q, Token id) {
        if (id.kind() != Token.Kind.WORD || KEYWORDS.contains(id.text()) && !"proto".equals(q.type())) {
            throw error(expectation(q), id);
        }
        String type = q.type() == null ? "host" : q.type();
        return switch (type) {
            case "port" -> port(q, id, false);
            case "portrange" -> port(q, id, true);
            case "net" -> net(q, id);
            case "proto" -> protocolNumber(q, id);
            default -> host(q, id);
        };
    }

    private static String expectation(Qualifiers q) {
        String type = q.type() == null ? "host" : q.type();
        return switch (type) {
            case "port" -> "expected a port number after 'port'";
            case "portrange" -> "expected a port range after 'portrange'";
            case "net" -> "expected a network after 'net'";
            case "proto" -> "expected a protocol after 'proto'";
            default -> "expected an address after '" + q.typeToken().text() + "'";
        };
    }

    private Cond port(Qualifiers q, Token id, boolean range) {
        int transport = switch (q.protocol() == null ? "" : q.protocol()) {
            case "" -> ANY_TRANSPORT;
            case "tcp" -> IPPROTO_TCP;
            case "udp" -> IPPROTO_UDP;
            case "sctp" -> IPPROTO_SCTP;
            default -> throw error("illegal qualifier of '" + q.type() + "'", q.typeToken());
        };
        String text = id.text();
        int low;
        int high;
        int[] resolved = new int[] {transport};
        if (range) {
            int dash = text.indexOf('-');
            low = portNumber(dash < 0 ? text : text.substring(0, dash), q, id, resolved);
            high = dash < 0 ? low : portNumber(text.substring(dash + 1), q, id, resolved);
            if (low > high) {
                int swap = low;
                low = high;
                high = swap;
            }
        } else {
            low = portNumber(text, q, id, resolved);
            high = low;
        }
        return primitives.port(low, high, resolved[0], q.direction());
    }

    /** A port number or service name; a name registered for one transport only narrows {@code transport[0]} to it. */
    private int portNumber(String text, Qualifiers q, Token id, int[] transport) {
        if (isNumber(text)) {
            long value = parseNumber(text, id);
            if (value > MAX_PORT) {
                throw error("port number must be 0 to 65535", id);
            }
            return (int) value;
        }
        Names.Service service = Names.service(text);
        if (service == null) {
            throw error(expectation(q), id);
        }
        if (service.tcp() != service.udp()) {
            int only = service.tcp() ? IPPROTO_TCP : IPPROTO_UDP;
            if (transport[0] != ANY_TRANSPORT && transport[0] != only) {
                throw error("port '" + text + "' is " + (service.tcp() ? "tcp" : "udp"), id);
            }
            transport[0] = only;
        }
        return service.port();
    }

    private Cond net(Qualifiers q, Token id) {
        String text = id.text();
        long[] v4 = Addresses.ipv4(text);
        if (v4 != null) {
            int bits = (int) v4[1] * 8;
            int mask;
            if (peek().is("/")) {
                bits = prefixLength(32);
                mask = bits == 0 ? 0 : -1 << (32 - bits);
            } else if (peek().is("mask")) {
                position++;
                Token maskToken = next();
                long[] m = Addresses.ipv4(maskToken.text());
                if (m == null || m[1] != 4) {
                    throw error("expected a netmask after 'mask'", maskToken);
                }
                mask = (int) m[0];
            } else {
                mask = bits == 0 ? 0 : -1 << (32 - bits);
            }
            if (((int) v4[0] & ~mask) != 0) {
                throw error("non-network bits set in the network", id);
            }
            return ipv4(q, (int) v4[0], mask, id);
        }
        int[] v6 = Addresses.ipv6(text);
        if (v6 == null) {
            throw error(expectation(q), id);
        }
        int bits = 128;
        if (peek().is("/")) {
            bits = prefixLength(128);
        }
        int[] mask = new int[4];
        for (int i = 0; i < 4; i++) {
            int wordBits = Math.max(0, Math.min(32, bits - 32 * i));
            mask[i] = wordBits == 0 ? 0 : -1 << (32 - wordBits);
            if ((v6[i] & ~mask[i]) != 0) {
                throw error("non-network bits set in the network", id);
            }
        }
        return ipv6(q, v6, mask, id);
    }

    /** The {@code /len} after a network, at most {@code max}. */
    private int prefixLength(int max) {
        position++;
        Token length = next();
        int bits = number(length, "expected a prefix length after '/'");
        if (bits > max) {
            throw error("prefix length must be 0 to " + max, length);
        }
        return bits;
    }

    private Cond host(Qualifiers q, Token id) {
        String text = id.text();
        byte[] mac = Addresses.mac(text);
        if (mac != null && ("ether".equals(q.protocol()) || "link".equals(q.protocol()))) {
            return primitives.etherAddress(mac, q.direction(), id);
        }
        if ("ether".equals(q.protocol()) || "link".equals(q.protocol())) {
            throw error("expected a MAC address", id);
        }
        long[] v4 = Addresses.ipv4(text);
        if (v4 != null && !isNumber(text)) {
            int bits = (int) v4[1] * 8;
            return ipv4(q, (int) v4[0], -1 << (32 - bits), id);
        }
        int[] v6 = Addresses.ipv6(text);
        if (v6 != null) {
            return ipv6(q, v6, new int[] {-1, -1, -1, -1}, id);
        }
        throw error(q.type() == null && q.protocol() == null && q.direction() == Direction.EITHER
            ? "expected a primitive" : "expected an address (host names are not resolved)", id);
    }

    private Cond ipv4(Qualifiers q, int address, int mask, Token id) {
        return switch (q.protocol() == null ? "" : q.protocol()) {
            case "" -> primitives.anyIpv4Address(address, mask, q.direction());
            case "ip" -> primitives.ipv4Address(ETHERTYPE_IP, address, mask, q.direction());
            case "arp" -> primitives.ipv4Address(ETHERTYPE_ARP, address, mask, q.direction());
            case "rarp" -> primitives.ipv4Address(ETHERTYPE_REVARP, address, mask, q.direction());
            default -> throw error("'" + q.protocol() + "' modifier applied to an IPv4 address", id);
        };
    }

    private Cond ipv6(Qualifiers q, int[] address, int[] mask, Token id) {
        if (q.protocol() != null && !q.protocol().equals("ip6")) {
            throw error("'" + q.protocol() + "' modifier applied to an IPv6 address", id);
        }
        return primitives.ipv6Address(address, mask, q.direction());
    }

    // ---- relations: arith relop arith ----

    /** Whether a relation starts here and nothing else can: {@code len}, unary minus, {@code proto[}, a named constant. */
    private boolean certainlyValue(Token token) {
        return token.is("-") || token.is("len") || token.kind() == Token.Kind.WORD && (Names.constant(token.text()) != null
            || PROTOCOLS.contains(token.text()) && tokens.get(position + 1).is("["));
    }

    /**
     * A relation; null when no comparison follows its left side. If {@code tentative} (a number or a parenthesis,
     * which may start a bare id or a parenthesised expression instead), also null when the left side is not a value.
     */
    private Cond relation(boolean tentative) {
        Value left;
        try {
            left = arith(0);
        } catch (FilterSyntaxException notAValue) {
            if (tentative) {
                return null;
            }
            throw notAValue;
        }
        Token op = peek();
        int jump;
        boolean negate = false;
        boolean swap = false;
        switch (op.text()) {
            case "=", "==" -> jump = BPF_JEQ;
            case "!=" -> {
                jump = BPF_JEQ;
                negate = true;
            }
            case ">" -> jump = BPF_JGT;
            case ">=" -> jump = BPF_JGE;
            case "<" -> {
                jump = BPF_JGE;
                negate = true;
            }
            case "<=" -> {
                jump = BPF_JGT;
                negate = true;
            }
            default -> {
                return null;
            }
        }
        if (op.kind() != Token.Kind.SYMBOL) {
            return null;
        }
        position++;
        Value right = arith(0);
        if (left instanceof Value.Constant l && right instanceof Value.Constant r) {
            boolean holds = switch (jump) {
                case BPF_JEQ -> l.value() == r.value();
                case BPF_JGT -> Integer.compareUnsigned(l.value(), r.value()) > 0;
                default -> Integer.compareUnsigned(l.value(), r.value()) >= 0;
            };
            return holds != negate ? Cond.TRUE : Cond.FALSE;
        }
        return Value.relation(left, jump, right, negate);
    }

    private static final List<List<String>> LEVELS = List.of(List.of("|", "^"), List.of("&"), List.of("<<", ">>"),
        List.of("+", "-"), List.of("*", "/", "%"));

    private Value arith(int level) {
        if (level == LEVELS.size()) {
            return unaryValue();
        }
        Value left = arith(level + 1);
        while (peek().kind() == Token.Kind.SYMBOL && LEVELS.get(level).contains(peek().text())) {
            Token op = next();
            Value right = arith(level + 1);
            left = binary(op, left, right);
        }
        return left;
    }

    private Value binary(Token op, Value left, Value right) {
        int alu = switch (op.text()) {
            case "|" -> BPF_OR;
            case "^" -> BPF_XOR;
            case "&" -> BPF_AND;
            case "<<" -> BPF_LSH;
            case ">>" -> BPF_RSH;
            case "+" -> BPF_ADD;
            case "-" -> BPF_SUB;
            case "*" -> BPF_MUL;
            case "/" -> BPF_DIV;
            default -> BPF_MOD;
        };
        if (right instanceof Value.Constant r) {
            if ((alu == BPF_DIV || alu == BPF_MOD) && r.value() == 0) {
                throw error(alu == BPF_DIV ? "division by zero" : "modulus by zero", op);
            }
            if ((alu == BPF_LSH || alu == BPF_RSH) && Integer.compareUnsigned(r.value(), 31) > 0) {
                throw error("shift by more than 31 bits", op);
            }
            if (left instanceof Value.Constant l) {
                return new Value.Constant(fold(alu, l.value(), r.value()));
            }
        }
        return new Value.Binary(alu, left, right);
    }

    private static int fold(int alu, int a, int b) {
        return switch (alu) {
            case BPF_OR -> a | b;
            case BPF_XOR -> a ^ b;
            case BPF_AND -> a & b;
            case BPF_LSH -> a << b;
            case BPF_RSH -> a >>> b;
            case BPF_ADD -> a + b;
            case BPF_SUB -> a - b;
            case BPF_MUL -> a * b;
            case BPF_DIV -> Integer.divideUnsigned(a, b);
            default -> Integer.remainderUnsigned(a, b);
        };
    }

    private Value unaryValue() {
        Token token = next();
        if (token.is("-")) {
            Value operand = unaryValue();
            return operand instanceof Value.Constant c ? new Value.Constant(-c.value()) : new Value.Negation(operand);
        }
        if (token.is("(")) {
            Value inner = arith(0);
            expect(")", "expected ')'");
            return inner;
        }
        if (token.kind() != Token.Kind.WORD) {
            throw error("expected a value", token);
        }
        if (token.is("len")) {
            return new Value.Length();
        }
        if (isNumber(token.text())) {
            return new Value.Constant((int) parseNumber(token.text(), token));
        }
        Integer constant = Names.constant(token.text());
        if (constant != null) {
            return new Value.Constant(constant);
        }
        if (PROTOCOLS.contains(token.text()) && peek().is("[")) {
            position++;
            Value index = arith(0);
            int size = 1;
            if (peek().is(":")) {
                position++;
                Token sizeToken = next();
                size = number(sizeToken, "expected a size after ':'");
                if (size != 1 && size != 2 && size != 4) {
                    throw error("data size must be 1, 2, or 4", sizeToken);
                }
            }
            expect("]", "expected ']'");
            return load(token, index, size);
        }
        throw error("expected a value", token);
    }

    private Value load(Token protocol, Value index, int size) {
        int network = primitives.link().networkOffset();
        return switch (protocol.text()) {
            case "ether", "link" -> new Value.Load(Cond.TRUE, 0, Value.Load.FIXED, index, size);
            case "ip" -> new Value.Load(primitives.ip(), network, Value.Load.FIXED, index, size);
            case "ip6" -> new Value.Load(primitives.ip6(), network, Value.Load.FIXED, index, size);
            case "arp" -> new Value.Load(primitives.link().protocol(ETHERTYPE_ARP), network, Value.Load.FIXED, index, size);
            case "rarp" -> new Value.Load(primitives.link().protocol(ETHERTYPE_REVARP), network, Value.Load.FIXED, index, size);
            case "icmp6" -> new Value.Load(Cond.and(primitives.ip6(),
                LinkLayer.test(BPF_B, network + 6, BPF_JEQ, IPPROTO_ICMPV6)), network + 40, Value.Load.FIXED, index, size);
            default -> new Value.Load(primitives.transportGuard(transport(protocol.text())), network, network, index, size);
        };
    }

    private static int transport(String protocol) {
        return switch (protocol) {
            case "tcp" -> IPPROTO_TCP;
            case "udp" -> IPPROTO_UDP;
            case "sctp" -> IPPROTO_SCTP;
            case "icmp" -> IPPROTO_ICMP;
            default -> IPPROTO_IGMP;
        };
    }

    // ---- tokens and numbers ----

    private static boolean isNumber(String text) {
        return !text.isEmpty() && Character.isDigit(text.charAt(0))
            && (text.chars().allMatch(Character::isDigit) || text.matches("0[xX][0-9a-fA-F]+"));
    }

    /** A decimal, hex (0x) or octal (leading 0) number up to 2^32 - 1. */
    private long parseNumber(String text, Token at) {
        long value;
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                value = Long.parseLong(text.substring(2), 16);
            } else if (text.length() > 1 && text.startsWith("0")) {
                value = Long.parseLong(text.substring(1), 8);
            } else {
                value = Long.parseLong(text);
            }
        } catch (NumberFormatException e) {
            throw error("not a number", at);
        }
        if (value > 0xffffffffL) {
            throw error("number too large", at);
        }
        return value;
    }

    private int number(Token token, String expectation) {
        if (token.kind() != Token.Kind.WORD || !isNumber(token.text())) {
            throw error(expectation, token);
        }
        return (int) parseNumber(token.text(), token);
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token next() {
        Token token = tokens.get(position);
        if (token.kind() != Token.Kind.END) {
            position++;
        }
        return token;
    }

    private void expect(String symbol, String message) {
        Token token = next();
        if (!token.is(symbol)) {
            throw error(message, token);
        }
    }

    private static FilterSyntaxException error(String message, Token token) {
        return new FilterSyntaxException(message, token.column(), token.shown());
    }
}
