package com.authledger.signin;

import com.authledger.infra.SqlTime;
import com.authledger.infra.TransientRows;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;

/**
 * The PASSWORD_VERIFIER tickets answered with a verdict, until they expire: a ticket answers once, whether its name
 * matched a user or not (a second answer that told the two apart would say who exists). Shared by every node through
 * the database; a row is deleted once its ticket has expired.
 */
@Component
class SpentTickets implements TransientRows {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    SpentTickets(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Spends the ticket of session {@code sessionId}, committed at once (a verdict that then fails leaves it spent:
     * the client starts again).
     *
     * @return false when it was spent already
     */
    boolean spend(String sessionId, Instant expiresAt) {
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.update(
                    "INSERT INTO spent_ticket (session_id, expires_at) VALUES (?, ?)", sessionId,
                    SqlTime.utc(expiresAt)));
            return true;
        } catch (DataIntegrityViolationException spent) {
            return false;
        }
    }

    @Override
    public int sweep(Instant now) {
        return jdbc.update("DELETE FROM spent_ticket WHERE expires_at < ?", SqlTime.utc(now));
    }
}
