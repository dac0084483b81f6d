package com.authledger.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What a limit per source address counts: an IPv4 address as it is, an IPv6 address by its /64 prefix (one
 * subscriber's allocation, within which an attacker picks addresses at will), an IPv4-mapped IPv6 address as the IPv4
 * address it maps.
 */
public final class SourceAddresses {

    /** Address literals only (an IPv6 one has a colon), so that parsing never turns into a name lookup. */
    private static final Pattern LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]{1,44}");

    private SourceAddresses() {
    }

    /** The key {@code address} counts under; null for null. Anything but an address literal counts as itself. */
    public static String key(String address) {
        if (address == null) {
            return null;
        }
        if (!LITERAL.matcher(address).matches()) {
            return address;
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.getByName(address);
        } catch (UnknownHostException notAnAddress) {
            return address;
        }
        byte[] bytes = parsed.getAddress();
        if (bytes.length == 4) {
            return parsed.getHostAddress();
        }
        HexFormat hex = HexFormat.of();
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(hex.toHexDigits(bytes[i])).append(hex.toHexDigits(bytes[i + 1])).append(':');
        }
        return prefix.append(":/64").toString();
    }
}
