package com.authledger.sms;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Where outbound calls may go: HTTPS only, and never to loopback, private, link-local or multicast addresses unless
 * the deployment allows private destinations explicitly (a webhook inside the operator's own network).
 */
public final class DestinationPolicy {

    /** The destination breaks the policy; the message names the rule, not the address. */
    public static final class Refused extends RuntimeException {
        Refused(String rule) {
            super(rule, null, false, false);
        }
    }

    private final boolean allowPrivate;

    public DestinationPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public void check(URI uri) {
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new Refused("Outbound calls use HTTPS only");
        }
        if (uri.getHost() == null || uri.getUserInfo() != null) {
            throw new Refused("An outbound URL needs a host and no user information");
        }
        if (allowPrivate) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new Refused("The destination host does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isPrivate(address)) {
                throw new Refused("The destination resolves to a loopback, private, link-local or multicast address");
            }
        }
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] raw = address.getAddress();
        if (address instanceof Inet6Address) {
            return (raw[0] & 0xfe) == 0xfc; // fc00::/7, unique local
        }
        int first = raw[0] & 0xff;
        int second = raw[1] & 0xff;
        return first == 100 && second >= 64 && second <= 127 // 100.64.0.0/10, carrier-grade NAT
                || first == 0;                                  // 0.0.0.0/8
    }
}
