package com.authledger.web;

import com.authledger.security.SecurityProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** X-Forwarded-For is believed only from configured proxies, and only when it holds literal addresses. */
class ClientAddressResolverTest {

    private final ClientAddressResolver resolver = new ClientAddressResolver(
            new SecurityProperties(List.of(), List.of("10.0.0.0/8"), false));

    private static MockHttpServletRequest from(String peer, String forwarded) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        if (forwarded != null) {
            request.addHeader("X-Forwarded-For", forwarded);
        }
        return request;
    }

    @org.junit.jupiter.api.Test
    void forwardedForFromAnUntrustedPeerIsIgnored() {
        assertThat(resolver.clientAddress(from("198.51.100.7", "203.0.113.9"))).isEqualTo("198.51.100.7");
    }

    @org.junit.jupiter.api.Test
    void forwardedForFromATrustedProxyNamesTheFirstUntrustedHopFromTheRight() {
        assertThat(resolver.clientAddress(from("10.1.1.1", "203.0.113.9, 198.51.100.2, 10.2.2.2")))
                .isEqualTo("198.51.100.2");
        assertThat(resolver.clientAddress(from("10.1.1.1", "2001:db8::7"))).isEqualTo("2001:db8::7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4:8080", "999.1.1.1", ":::", "example.com", ".1:2", "1.2.3", "[::1]", ""})
    void aHopThatIsNotALiteralAddressMakesThePeerTheClient(String hop) {
        assertThat(ClientAddressResolver.looksLikeAddress(hop)).isFalse();
        assertThat(resolver.clientAddress(from("10.1.1.1", "203.0.113.9, " + hop))).isEqualTo("10.1.1.1");
    }
}
