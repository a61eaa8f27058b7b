package dev.wharf.packager.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no DNS lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** An IPv6 address object for ::ffff:a.b.c.d, as a dual-stack socket reports an IPv4 client. */
    private static InetAddress mapped(int a, int b, int c, int d) throws UnknownHostException {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        bytes[12] = (byte) a;
        bytes[13] = (byte) b;
        bytes[14] = (byte) c;
        bytes[15] = (byte) d;
        return Inet6Address.getByAddress(null, bytes, -1);
    }

    @Test
    void parsesAndNormalisesTheNetwork() {
        assertThat(Cidr.parse("203.0.113.0/24")).isEqualTo(new Cidr(0xCB007100, 24));
        assertThat(Cidr.parse("203.0.113.77/24")).isEqualTo(new Cidr(0xCB007100, 24)); // host bits dropped
        assertThat(Cidr.parse("10.1.2.3")).isEqualTo(new Cidr(0x0A010203, 32));
        assertThat(Cidr.parse(" 10.1.2.3/32 ")).isEqualTo(new Cidr(0x0A010203, 32));
        assertThat(Cidr.parse("255.255.255.255/0")).isEqualTo(new Cidr(0, 0));
        assertThat(Cidr.parse("192.168.0.0/16")).isEqualTo(new Cidr(0xC0A80000, 16));
        assertThat(Cidr.parse("10.0.0.0/8")).isEqualTo(new Cidr(0x0A000000, 8));
        assertThat(Cidr.parse("128.0.0.1/1")).isEqualTo(new Cidr(0x80000000, 1));
    }

    @Test
    void containsWithinThePrefix() {
        Cidr c = Cidr.parse("203.0.113.0/24");
        assertThat(c.contains(ip("203.0.113.0"))).isTrue();
        assertThat(c.contains(ip("203.0.113.1"))).isTrue();
        assertThat(c.contains(ip("203.0.113.255"))).isTrue();
        assertThat(c.contains(ip("203.0.112.255"))).isFalse();
        assertThat(c.contains(ip("203.0.114.0"))).isFalse();
        assertThat(c.contains(ip("10.0.0.1"))).isFalse();

        Cidr odd = Cidr.parse("10.0.0.64/26");
        assertThat(odd.contains(ip("10.0.0.63"))).isFalse();
        assertThat(odd.contains(ip("10.0.0.64"))).isTrue();
        assertThat(odd.contains(ip("10.0.0.127"))).isTrue();
        assertThat(odd.contains(ip("10.0.0.128"))).isFalse();
    }

    @Test
    void slash32IsOneAddress() {
        Cidr c = Cidr.parse("198.51.100.7/32");
        assertThat(c.contains(ip("198.51.100.7"))).isTrue();
        assertThat(c.contains(ip("198.51.100.6"))).isFalse();
        assertThat(c.contains(ip("198.51.100.8"))).isFalse();
        assertThat(Cidr.parse("198.51.100.7").contains(ip("198.51.100.7"))).isTrue();
    }

    @Test
    void slash0IsEveryIpv4Address() {
        Cidr all = Cidr.parse("0.0.0.0/0");
        assertThat(all.contains(ip("0.0.0.0"))).isTrue();
        assertThat(all.contains(ip("127.0.0.1"))).isTrue();
        assertThat(all.contains(ip("255.255.255.255"))).isTrue();
        assertThat(all.contains(ip("128.0.0.0"))).isTrue();
        assertThat(all.contains(ip("2001:db8::1"))).isFalse(); // IPv4 only
    }

    @Test
    void highAddressesCompareUnsigned() {
        Cidr c = Cidr.parse("224.0.0.0/4");
        assertThat(c.contains(ip("239.255.255.255"))).isTrue();
        assertThat(c.contains(ip("240.0.0.0"))).isFalse();
        assertThat(c.contains(ip("223.255.255.255"))).isFalse();
    }

    @Test
    void ipv4MappedIpv6ClientsMatchAsIpv4() throws Exception {
        InetAddress m = mapped(203, 0, 113, 9);
        assertThat(m).isInstanceOf(Inet6Address.class);
        assertThat(Cidr.parse("203.0.113.0/24").contains(m)).isTrue();
        assertThat(Cidr.parse("203.0.114.0/24").contains(m)).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(m)).isTrue();
        assertThat(Cidr.parse("203.0.113.9/32").contains(m)).isTrue();
    }

    @Test
    void otherIpv6AddressesNeverMatch() throws Exception {
        Cidr all = Cidr.parse("0.0.0.0/0");
        assertThat(all.contains(ip("::1"))).isFalse();
        assertThat(all.contains(ip("::"))).isFalse();
        assertThat(all.contains(ip("64:ff9b::a00:1"))).isFalse(); // NAT64, not IPv4-mapped
        // IPv4-compatible (::a.b.c.d, deprecated) is not IPv4-mapped
        assertThat(all.contains(Inet6Address.getByAddress(null,
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1}, -1))).isFalse();
        // ffff in the wrong place
        assertThat(all.contains(Inet6Address.getByAddress(null,
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 10, 0, 0, 1}, -1))).isFalse();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "junk", "10.0.0", "10.0.0.0.0", "10.0.0.256", "256.0.0.0/8", "10.0.0.0/33",
            "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/100", "10.0.0.0/8/8", "1234.0.0.0", "10.0.0.a", "a.b.c.d/8",
            "2001:db8::/32", "::ffff:10.0.0.1", "10.0.0.0 /8", "10.0.0.0/ 8", "10.0.0.0/8x", "+10.0.0.0",
            "\u0661\u0660.0.0.0", "10.0.0.0\n/8"})
    void rejectsJunk(String text) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an IPv4 CIDR block: '" + text + "'");
    }

    @Test
    void rejectionsSayWhy() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.300/8")).hasMessageContaining("octet 300 > 255");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/40")).hasMessageContaining("prefix 40 > 32");
        assertThatThrownBy(() -> Cidr.parse("x")).hasMessageContaining("e.g. 203.0.113.0/24");
    }
}
