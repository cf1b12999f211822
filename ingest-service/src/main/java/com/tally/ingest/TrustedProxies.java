package com.tally.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The proxies whose {@code X-Forwarded-For} ingest believes ({@code TALLY_TRUSTED_PROXIES}: IP
 * addresses and CIDR ranges, none by default). Anyone can send the header, so it decides where a
 * request came from only when the direct peer is one of these proxies; then the right-most
 * address in the chain that is not a trusted proxy counts, since each proxy appends the address
 * it saw and everything to the left of a trusted proxy's entry is the sender's to invent.
 * Addresses are parsed as literals only: nothing here ever asks DNS.
 */
public final class TrustedProxies {

    static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Range(byte[] network, int prefixBits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefixBits / 8;
            if (!Arrays.equals(address, 0, whole, network, 0, whole)) {
                return false;
            }
            int rest = prefixBits % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * @param entries IP addresses ({@code 10.0.0.7}, {@code ::1}) and CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8})
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public static TrustedProxies parse(List<String> entries) {
        var ranges = new ArrayList<Range>();
        for (String entry : entries) {
            String text = entry.strip();
            int slash = text.indexOf('/');
            byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range (write 10.0.0.7, 10.0.0.0/8 or fd00::/8)");
            }
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0.." + bits);
                }
            }
            ranges.add(new Range(address, prefix));
        }
        return new TrustedProxies(ranges);
    }

    /**
     * @param peer         the address of the direct peer of the connection
     * @param forwardedFor every {@code X-Forwarded-For} value in order, joined by commas; null when none was sent
     * @return where the request came from
     */
    String clientAddress(String peer, String forwardedFor) {
        if (forwardedFor == null || ranges.isEmpty() || !trusts(peer)) {
            return peer;
        }
        String farthest = peer;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (hop.isEmpty()) {
                continue;
            }
            if (!trusts(hop)) {
                return hop;
            }
            farthest = hop;
        }
        // every hop is one of our proxies: the farthest of them is where the request entered
        return farthest;
    }

    private boolean trusts(String address) {
        byte[] parsed = literal(address);
        return parsed != null && ranges.stream().anyMatch(range -> range.contains(parsed));
    }

    /** The bytes of an IPv4 or IPv6 literal (an IPv4-mapped IPv6 address as IPv4), or null when the text is neither. */
    static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        if (text.indexOf(':') < 0) {
            return ipv4(text);
        }
        byte[] v6 = ipv6(text);
        if (v6 != null && isIpv4Mapped(v6)) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        return v6;
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    private static byte[] ipv6(String text) {
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        byte[] embeddedV4 = null;
        int lastColon = text.lastIndexOf(':');
        if (text.indexOf('.', lastColon) >= 0) {
            embeddedV4 = ipv4(text.substring(lastColon + 1));
            if (embeddedV4 == null) {
                return null;
            }
            text = text.substring(0, lastColon + 1) + "0:0";   // two groups' room, filled in below
        }
        int gap = text.indexOf("::");
        if (gap != text.lastIndexOf("::")) {
            return null;
        }
        List<String> head = groups(gap < 0 ? text : text.substring(0, gap));
        List<String> tail = gap < 0 ? List.of() : groups(text.substring(gap + 2));
        if (head == null || tail == null || (gap < 0 ? head.size() != 8 : head.size() + tail.size() > 7)) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            put(bytes, i, head.get(i));
        }
        for (int i = 0; i < tail.size(); i++) {
            put(bytes, 8 - tail.size() + i, tail.get(i));
        }
        if (embeddedV4 != null) {
            System.arraycopy(embeddedV4, 0, bytes, 12, 4);
        }
        return bytes;
    }

    /** The colon-separated groups of 1 to 4 hex digits, or null if one is not. */
    private static List<String> groups(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        var groups = List.of(text.split(":", -1));
        boolean valid = groups.stream().allMatch(g -> !g.isEmpty() && g.length() <= 4
                && g.chars().allMatch(c -> "0123456789abcdefABCDEF".indexOf(c) >= 0));
        return valid ? groups : null;
    }

    private static void put(byte[] bytes, int group, String hex) {
        int value = Integer.parseInt(hex, 16);
        bytes[group * 2] = (byte) (value >> 8);
        bytes[group * 2 + 1] = (byte) value;
    }

    private static boolean isIpv4Mapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }
}
