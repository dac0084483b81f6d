package com.authledger.web;

import com.authledger.security.SecurityProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The client's address: the TCP peer, unless the peer is a configured proxy, in which case X-Forwarded-For is read
 * from the right, skipping the configured proxies, and the first address not among them is the client.
 */
@Component
public class ClientAddressResolver {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private final List<IpAddressMatcher> trustedProxies;

    public ClientAddressResolver(SecurityProperties properties) {
        this.trustedProxies = properties.trustedProxies().stream().map(IpAddressMatcher::new).toList();
    }

    public String clientAddress(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!isTrusted(peer)) {
            return peer;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!looksLikeAddress(hop)) {
                return peer;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return hops[0].strip();
    }

    private boolean isTrusted(String address) {
        for (IpAddressMatcher proxy : trustedProxies) {
            try {
                if (proxy.matches(address)) {
                    return true;
                }
            } catch (IllegalArgumentException notAnAddress) {
                return false;
            }
        }
        return false;
    }

    /**
     * Only literal IPv4/IPv6 addresses are believed (a name would cost a DNS lookup); anything else in the header
     * means it was not written by our proxies.
     */
    static boolean looksLikeAddress(String hop) {
        if (hop.isEmpty() || hop.length() > 45) {
            return false;
        }
        if (IPV4.matcher(hop).matches()) {
            return true;
        }
        boolean literalStart = Character.digit(hop.charAt(0), 16) >= 0 || hop.charAt(0) == ':';
        if (!literalStart || hop.indexOf(':') < 0 || !IPV6_CHARS.matcher(hop).matches()) {
            return false;
        }
        try {
            // a string with a colon is parsed as an IPv6 literal, never looked up; "1.2.3.4:80" fails here
            return InetAddress.getByName(hop) instanceof Inet6Address;
        } catch (UnknownHostException notALiteral) {
            return false;
        }
    }
}
