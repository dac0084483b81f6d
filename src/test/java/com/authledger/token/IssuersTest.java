package com.authledger.token;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A token's issuer names one of this service's pools only in the exact shape {@code <base-url>/<poolId>}. */
class IssuersTest {

    final Issuers issuers = new Issuers("https://auth.example.com/");

    @Test
    void theIssuerOfAPoolNamesThatPool() {
        String issuer = issuers.issuer("eu-west-1_AbC123xyZ");
        assertThat(issuer).isEqualTo("https://auth.example.com/eu-west-1_AbC123xyZ");
        assertThat(issuers.poolIdOf(issuer)).contains("eu-west-1_AbC123xyZ");
    }

    @Test
    void anyOtherIssuerNamesNoPool() {
        assertThat(issuers.poolIdOf(null)).isEmpty();
        assertThat(issuers.poolIdOf("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyZ")).isEmpty();
        assertThat(issuers.poolIdOf("https://auth.example.com.evil.test/eu-west-1_AbC123xyZ")).isEmpty();
        assertThat(issuers.poolIdOf("http://auth.example.com/eu-west-1_AbC123xyZ")).isEmpty();
        assertThat(issuers.poolIdOf("https://auth.example.com/")).isEmpty();
        assertThat(issuers.poolIdOf("https://auth.example.com/eu-west-1_AbC/../x")).isEmpty();
        assertThat(issuers.poolIdOf("https://auth.example.com/eu-west-1_AbC123xyZ/")).isEmpty();
        assertThat(issuers.poolIdOf("https://auth.example.com/no-underscore")).isEmpty();
        assertThat(issuers.poolIdOf("https://auth.example.com/" + "a".repeat(50) + "_" + "b".repeat(10))).isEmpty();
    }
}
