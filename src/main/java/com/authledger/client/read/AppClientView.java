package com.authledger.client.read;

import com.authledger.client.api.AppClientSettings;

import java.time.Instant;

/**
 * An app client as the projection holds it.
 *
 * @param sealedClientSecret the sealed secret (null without one): {@link AppClientQueries#clientSecret} opens it
 * @param position           the listing position (for paging)
 */
public record AppClientView(String clientId, String poolId, AppClientSettings settings, String sealedClientSecret,
                            Instant createdAt, String createdBy, Instant lastModifiedAt, long version,
                            long position) {

    public boolean hasSecret() {
        return sealedClientSecret != null;
    }
}
