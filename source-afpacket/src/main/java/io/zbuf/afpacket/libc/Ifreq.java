package io.zbuf.afpacket.libc;

import com.sun.jna.Memory;

import java.nio.charset.StandardCharsets;

/**
 * {@code struct ifreq}: an interface name and one union member, for {@code SIOCGIFFLAGS} ({@code short ifr_flags}),
 * {@code SIOCGIFHWADDR} ({@code struct sockaddr ifr_hwaddr}, whose {@code sa_family} is the ARPHRD type) and
 * {@code SIOCGIFINDEX} ({@code int ifr_ifindex}).
 *
 * <pre>
 *   0 ifr_name[16]   16 ifr_flags (short) | ifr_hwaddr.sa_family (u16) | ifr_ifindex (int), ...   (40 bytes)
 * </pre>
 */
public final class Ifreq {
    /** {@code sizeof(struct ifreq)} on LP64. */
    public static final int LENGTH = 40;
    /** {@code IFNAMSIZ}: the name and its terminating NUL. */
    public static final int NAME_SIZE = 16;
    /** Where {@code ifr_flags} and {@code ifr_hwaddr.sa_family} are. */
    public static final int UNION_OFFSET = 16;

    private Ifreq() {
    }

    /** A request naming {@code interfaceName} (at most 15 bytes), the rest zero. */
    public static Memory named(String interfaceName) {
        byte[] name = interfaceName.getBytes(StandardCharsets.UTF_8);
        if (name.length >= NAME_SIZE) {
            throw new IllegalArgumentException("interface name " + interfaceName + " is longer than 15 bytes");
        }
        Memory request = new Memory(LENGTH);
        request.clear();
        request.write(0, name, 0, name.length);
        return request;
    }

    /** The {@code int} of the union: {@code ifr_ifindex}. */
    public static int unionInt(Memory request) {
        return request.getInt(UNION_OFFSET);
    }

    /** The unsigned 16 bits of the union: {@code ifr_flags}, or the hardware address's family. */
    public static int unionShort(Memory request) {
        return Short.toUnsignedInt(request.getShort(UNION_OFFSET));
    }
}
