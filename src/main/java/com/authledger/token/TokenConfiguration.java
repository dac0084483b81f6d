package com.authledger.token;

import com.authledger.secrets.DataKeyVault;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.security.SecureRandom;
import java.time.Clock;

/** Signing keys, the issuer and the verifier of a pool's tokens (ADR 11). */
@Configuration(proxyBeanMethods = false)
public class TokenConfiguration {

    @Bean
    public Issuers issuers(@Value("${authledger.issuer-base-url}") String baseUrl) {
        return new Issuers(baseUrl);
    }

    @Bean
    public SigningKeys signingKeys(JdbcTemplate jdbc, DataKeyVault vault, SecureRandom random, Clock clock,
                                   PlatformTransactionManager transactions) {
        return new SigningKeys(jdbc, vault, random, clock, transactions);
    }

    @Bean
    public TokenIssuer tokenIssuer(SigningKeys keys, Issuers issuers, Clock clock) {
        return new TokenIssuer(keys, issuers, clock);
    }

    @Bean
    public TokenVerifier tokenVerifier(SigningKeys keys, Issuers issuers, Clock clock) {
        return new TokenVerifier(keys, issuers, clock);
    }
}
