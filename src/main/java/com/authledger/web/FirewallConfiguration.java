package com.authledger.web;

import com.authledger.shared.ErrorCode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's firewall, with two changes: header values may hold bytes 0x80-0xFF (the container hands UTF-8
 * headers over as ISO-8859-1, so an em dash in X-Reason arrives as such bytes; the application decodes and checks
 * them itself), and a rejected request is answered as a problem detail that does not echo the URL. Names and
 * parameter values are held to the firewall's own rule (assigned characters, no control character), checked by a
 * loop instead of its regular expression: the firewall checks a header name at every read of a header, a dozen times
 * per request, and each regular-expression match allocated a matcher.
 */
@Configuration(proxyBeanMethods = false)
class FirewallConfiguration {

    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(FirewallConfiguration::assignedAndNotControl);
        firewall.setAllowedParameterNames(FirewallConfiguration::assignedAndNotControl);
        firewall.setAllowedParameterValues(FirewallConfiguration::assignedAndNotControl);
        firewall.setAllowedHeaderValues(FirewallConfiguration::headerValue);
        return firewall;
    }

    /** The firewall's default rule, {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, over code points. */
    static boolean assignedAndNotControl(String text) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /** No ASCII control character but the tab; bytes 0x80-0xFF pass (see above). */
    static boolean headerValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler(ErrorResponses errors) {
        return (request, response, rejected) -> errors.write(request, response, ErrorCode.InvalidParameter,
                "The request URL or a header holds characters this API does not accept.");
    }
}
