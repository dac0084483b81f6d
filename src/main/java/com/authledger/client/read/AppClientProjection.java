package com.authledger.client.read;

import com.authledger.client.api.AppClientCreated;
import com.authledger.client.api.AppClientDeleted;
import com.authledger.client.api.AppClientSettings;
import com.authledger.client.api.AppClientUpdated;
import com.authledger.client.api.AuthFlow;
import com.authledger.infra.RequestMetadata;
import com.authledger.infra.SqlTime;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.stream.Collectors;

/** The live app clients, one row each, with the secret only in its sealed form. Rebuilt by replay. */
@Component
@ProcessingGroup(AppClientProjection.PROCESSING_GROUP)
public class AppClientProjection {

    public static final String PROCESSING_GROUP = "app-clients";

    private final JdbcTemplate jdbc;

    AppClientProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    static String flows(AppClientSettings settings) {
        return settings.explicitAuthFlows().stream().map(AuthFlow::name).collect(Collectors.joining(","));
    }

    @EventHandler
    void on(AppClientCreated event, @SequenceNumber long version,
            @MetaDataValue(RequestMetadata.ACTOR) String actor) {
        AppClientSettings s = event.settings();
        jdbc.update("INSERT INTO app_client (client_id, pool_id, name, sealed_client_secret, "
                        + "access_token_validity_minutes, id_token_validity_minutes, refresh_token_validity_minutes, "
                        + "auth_session_validity_minutes, explicit_auth_flows, created_at, created_by, "
                        + "last_modified_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                event.clientId(), event.poolId(), s.name(), event.sealedClientSecret(),
                s.accessTokenValidityMinutes(), s.idTokenValidityMinutes(), s.refreshTokenValidityMinutes(),
                s.authSessionValidityMinutes(), flows(s), SqlTime.utc(event.occurredAt()), actor,
                SqlTime.utc(event.occurredAt()), version);
    }

    @EventHandler
    void on(AppClientUpdated event, @SequenceNumber long version) {
        AppClientSettings s = event.settings();
        jdbc.update("UPDATE app_client SET name = ?, access_token_validity_minutes = ?, "
                        + "id_token_validity_minutes = ?, refresh_token_validity_minutes = ?, "
                        + "auth_session_validity_minutes = ?, explicit_auth_flows = ?, last_modified_at = ?, "
                        + "version = ? WHERE client_id = ?",
                s.name(), s.accessTokenValidityMinutes(), s.idTokenValidityMinutes(),
                s.refreshTokenValidityMinutes(), s.authSessionValidityMinutes(), flows(s),
                SqlTime.utc(event.occurredAt()), version, event.clientId());
    }

    @EventHandler
    void on(AppClientDeleted event) {
        jdbc.update("DELETE FROM app_client WHERE client_id = ?", event.clientId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM app_client");
    }
}
