package com.tally.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tally.platform.Env;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private static final TrustedProxies PROXIES = TrustedProxies.parse(List.of("10.0.0.0/8", "192.0.2.1", "fd00::/8"));

    @Test
    void withNoTrustedProxyTheHeaderIsIgnored() {
        assertEquals("203.0.113.7", TrustedProxies.NONE.clientAddress("203.0.113.7", "198.51.100.1"));
    }

    @Test
    void aPeerThatIsNoTrustedProxyIsTheAddressWhateverTheHeaderClaims() {
        assertEquals("203.0.113.7", PROXIES.clientAddress("203.0.113.7", "198.51.100.1, 10.0.0.5"));
    }

    @Test
    void behindATrustedProxyTheRightMostUntrustedAddressCounts() {
        assertEquals("198.51.100.9", PROXIES.clientAddress("10.1.2.3", "1.1.1.1, 198.51.100.9"),
                "the left-most entry is the sender's to invent");
        assertEquals("198.51.100.9", PROXIES.clientAddress("192.0.2.1", "6.6.6.6, 198.51.100.9, 10.9.9.9, 10.0.0.1"),
                "trusted hops are skipped from the right");
        assertEquals("2001:db8::7", PROXIES.clientAddress("[fd12::1]", "2001:db8::7"));
    }

    @Test
    void aChainOfTrustedProxiesOnlyNamesTheFarthestOfThem() {
        assertEquals("10.0.0.9", PROXIES.clientAddress("10.0.0.1", "10.0.0.9, ,10.0.0.2"));
        assertEquals("10.0.0.1", PROXIES.clientAddress("10.0.0.1", null), "no header: the peer");
    }

    @Test
    void anIpv4MappedPeerMatchesItsIpv4Range() {
        assertEquals("198.51.100.9", PROXIES.clientAddress("::ffff:10.0.0.1", "198.51.100.9"));
    }

    @Test
    void literalsAreParsedWithoutAskingDns() {
        assertArrayEquals(new byte[] {10, 0, 0, 1}, TrustedProxies.literal("10.0.0.1"));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, TrustedProxies.literal("::1"));
        assertArrayEquals(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7},
                TrustedProxies.literal("2001:db8:0:0:0:0:0:7"));
        for (String notALiteral : List.of("localhost", "10.0.0.256", "10.0.0", "1:2:3:4:5:6:7:8:9", "1::2::3", "::g", "unknown", "")) {
            assertNull(TrustedProxies.literal(notALiteral), notALiteral);
        }
    }

    @Test
    void anEntryThatIsNoAddressOrRangeIsRefusedAtStartNamingTheSetting() {
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("proxy.internal")));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("10.0.0.0/33")));

        var problem = assertThrows(Env.ConfigException.class, () -> IngestConfig.fromEnv(Map.of(
                IngestConfig.PROVIDERS, "stripe", IngestConfig.STRIPE_WEBHOOK_SECRET, "whsec_x",
                IngestConfig.TRUSTED_PROXIES, "10.0.0.0/8,proxy.internal")));
        assertTrue(problem.getMessage().contains("TALLY_TRUSTED_PROXIES: 'proxy.internal' is not an IP address"), problem.getMessage());
    }
}
