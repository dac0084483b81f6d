package com.authledger.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * authledger.security.*: API keys (name, role and the SHA-256 of the key in hex, never the key itself), the proxies
 * whose X-Forwarded-For is believed, and whether the embedded default may generate its own admin key.
 */
@ConfigurationProperties("authledger.security")
public record SecurityProperties(List<ApiKey> apiKeys, List<String> trustedProxies, boolean generateAdminKey) {

    public SecurityProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    public record ApiKey(String name, Role role, String sha256) {
    }
}
