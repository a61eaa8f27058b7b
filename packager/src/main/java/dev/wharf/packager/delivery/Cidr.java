package dev.wharf.packager.delivery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 CIDR block of an endpoint's whitelist (MediaPackage accepts IPv4 only). */
public record Cidr(int network, int prefixLength) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");

    public static Cidr parse(String text) {
        var m = text == null ? null : FORM.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not an IPv4 CIDR block: '" + text + "' (e.g. 203.0.113.0/24)");
        }
        int addr = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 CIDR block: '" + text + "' (octet " + octet + " > 255)");
            }
            addr = (addr << 8) | octet;
        }
        int prefix = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
        if (prefix > 32) {
            throw new IllegalArgumentException("not an IPv4 CIDR block: '" + text + "' (prefix " + prefix + " > 32)");
        }
        return new Cidr(addr & mask(prefix), prefix);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public boolean contains(InetAddress address) {
        InetAddress a = address;
        if (!(a instanceof Inet4Address)) {
            byte[] b = a.getAddress();
            // IPv4-mapped IPv6 (::ffff:a.b.c.d), as dual-stack sockets report IPv4 clients
            if (b.length == 16 && isMapped(b)) {
                try {
                    a = InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return false;
                }
            } else {
                return false;
            }
        }
        byte[] b = a.getAddress();
        int v = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        return (v & mask(prefixLength)) == network;
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
