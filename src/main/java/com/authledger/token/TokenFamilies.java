package com.authledger.token;

import com.authledger.client.ClientTokenRevocation;
import com.authledger.infra.SqlTime;
import com.authledger.signin.TokenFamilyRegister;
import com.authledger.user.TokenRevocation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether the tokens of a completed sign-in are still good. Each sign-in opens a family (its id is the
 * {@code origin_jti} of every token it issues, and the key of its refresh tokens); revoking a family, or all of a
 * user's, is written in the transaction of the command that decides it, so every node refuses the family's tokens
 * from the moment it commits. A family this table does not know counts as revoked.
 */
@Component
public class TokenFamilies implements TokenFamilyRegister, ClientTokenRevocation, TokenRevocation {

    private final JdbcTemplate jdbc;

    public TokenFamilies(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void open(String familyId, String poolId, String sub, String clientId, Instant createdAt,
                     Instant expiresAt) {
        jdbc.update("INSERT INTO token_family (family_id, pool_id, sub, client_id, created_at, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", familyId, poolId, sub, clientId, SqlTime.utc(createdAt),
                SqlTime.utc(expiresAt));
    }

    @Override
    public void revoke(String familyId, String reason, Instant at) {
        jdbc.update("UPDATE token_family SET revoked_at = ?, revoked_reason = ? WHERE family_id = ? "
                + "AND revoked_at IS NULL", SqlTime.utc(at), reason, familyId);
    }

    /** Revokes every family of the user still open; answers how many there were. */
    @Override
    public int revokeAll(String sub, String reason, Instant at) {
        return jdbc.update("UPDATE token_family SET revoked_at = ?, revoked_reason = ? WHERE sub = ? "
                + "AND revoked_at IS NULL", SqlTime.utc(at), reason, sub);
    }

    @Override
    public int revokeAllOfClient(String clientId, String reason, Instant at) {
        return jdbc.update("UPDATE token_family SET revoked_at = ?, revoked_reason = ? WHERE client_id = ? "
                + "AND revoked_at IS NULL", SqlTime.utc(at), reason, clientId);
    }

    @Override
    public Optional<String> refusal(String familyId) {
        List<String> reasons = jdbc.query("SELECT revoked_at, revoked_reason FROM token_family WHERE family_id = ?",
                (rs, row) -> rs.getObject("revoked_at") == null ? "" : rs.getString("revoked_reason"), familyId);
        if (reasons.isEmpty()) {
            return Optional.of("unknown");
        }
        return reasons.get(0).isEmpty() ? Optional.empty() : Optional.of(reasons.get(0));
    }
}
