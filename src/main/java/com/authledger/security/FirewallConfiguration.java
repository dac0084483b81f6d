package com.authledger.security;

import com.authledger.api.rest.Problems;
import com.authledger.shared.ErrorCode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's firewall, with two changes: header values may hold bytes 0x80-0xFF (the container hands UTF-8
 * headers over as ISO-8859-1, so an em dash in X-Reason arrives as such bytes; the application decodes and checks
 * them itself), and a rejected request is answered as a problem detail that does not echo the URL.
 */
@Configuration(proxyBeanMethods = false)
class FirewallConfiguration {

    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(value -> value.chars().noneMatch(c -> (c < 0x20 && c != '\t') || c == 0x7F));
        return firewall;
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler(Problems problems) {
        return (request, response, rejected) -> problems.write(request, response, ErrorCode.InvalidParameter,
                "The request URL or a header holds characters this API does not accept.");
    }
}
