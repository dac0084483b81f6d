package com.authledger.client.read;

import com.authledger.client.api.AppClientId;
import com.authledger.client.api.AppClientSettings;
import com.authledger.client.api.AuthFlow;
import com.authledger.infra.SqlTime;
import com.authledger.secrets.DataKeyVault;
import com.authledger.shared.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads of the app client projection. */
@Component
public class AppClientQueries {

    private static final String COLUMNS = "client_id, pool_id, name, sealed_client_secret, "
            + "access_token_validity_minutes, id_token_validity_minutes, refresh_token_validity_minutes, "
            + "auth_session_validity_minutes, explicit_auth_flows, created_at, created_by, last_modified_at, version, "
            + "listing_id";

    private static final RowMapper<AppClientView> VIEW = (rs, row) -> new AppClientView(
            rs.getString("client_id"), rs.getString("pool_id"),
            new AppClientSettings(rs.getString("name"), rs.getInt("access_token_validity_minutes"),
                    rs.getInt("id_token_validity_minutes"), rs.getInt("refresh_token_validity_minutes"),
                    rs.getInt("auth_session_validity_minutes"), flows(rs.getString("explicit_auth_flows"))),
            rs.getString("sealed_client_secret"), SqlTime.instant(rs, "created_at"), rs.getString("created_by"),
            SqlTime.instant(rs, "last_modified_at"), rs.getLong("version"), rs.getLong("listing_id"));

    private final JdbcTemplate jdbc;
    private final DataKeyVault vault;

    AppClientQueries(JdbcTemplate jdbc, DataKeyVault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    private static List<AuthFlow> flows(String joined) {
        return joined == null || joined.isEmpty() ? List.of()
                : Arrays.stream(joined.split(",")).map(AuthFlow::valueOf).toList();
    }

    /** The pool's client with this id, if it has one. */
    public Optional<AppClientView> client(String poolId, String clientId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM app_client WHERE client_id = ? AND pool_id = ?", VIEW,
                clientId, poolId).stream().findFirst();
    }

    /** The client with this id, in whichever pool it is (client ids are unique across pools). */
    public Optional<AppClientView> client(String clientId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM app_client WHERE client_id = ?", VIEW, clientId).stream()
                .findFirst();
    }

    /** The pool's clients, oldest first. */
    public Page<AppClientView> clients(String poolId, int size, long after) {
        List<AppClientView> rows = jdbc.query("SELECT " + COLUMNS + " FROM app_client WHERE pool_id = ? "
                + "AND listing_id > ? ORDER BY listing_id FETCH FIRST ? ROWS ONLY", VIEW, poolId, after, size + 1);
        return Page.of(rows, size, AppClientView::position);
    }

    /** The client's secret in plaintext, opened from its sealed form; empty for a client without one. */
    public Optional<String> clientSecret(AppClientView client) {
        if (!client.hasSecret()) {
            return Optional.empty();
        }
        return Optional.of(vault.open(client.clientId(), AppClientId.ClientSecret.FIELD,
                client.sealedClientSecret()));
    }
}
