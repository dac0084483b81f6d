package com.authledger.user.api;

import com.authledger.infra.RequestMetadata;
import com.authledger.shared.InvalidInput;

import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * Where a sign-in comes from, as the host service saw it: the end user's IP address, user agent and device id. Each is
 * optional; the IP address, when given, must be an IPv4 or IPv6 literal (a malformed one is refused, not scored).
 */
public record SignInContext(String ipAddress, String userAgent, String deviceId) {

    public static final SignInContext NONE = new SignInContext(null, null, null);
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    /** Four dotted decimals: InetAddress also reads shorthands such as "10.1" (10.0.0.1), which no client sends. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public SignInContext {
        if (ipAddress != null) {
            ipAddress = canonicalIp(ipAddress);
        }
        if (userAgent != null) {
            InvalidInput.requireLength("context.userAgent", userAgent, 1, RequestMetadata.MAX_USER_AGENT_LENGTH);
        }
        if (deviceId != null) {
            InvalidInput.requireLength("context.deviceId", deviceId, 1, 128);
        }
    }

    private static String canonicalIp(String ip) {
        if (!IP_LITERAL.matcher(ip).matches() || !(ip.contains(":") || IPV4.matcher(ip).matches())) {
            throw new InvalidInput("context.ipAddress", "must be an IPv4 or IPv6 address");
        }
        try {
            // a literal only: the pattern above rules out host names, so this never resolves anything
            return InetAddress.getByName(ip).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new InvalidInput("context.ipAddress", "must be an IPv4 or IPv6 address");
        }
    }
}
