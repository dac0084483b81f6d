package com.authledger.signin;

import com.authledger.infra.SqlTime;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.RuleViolation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * SMS budgets against abuse: an attacker who knows a password can start sign-ins that each send a text and never
 * answer them. Before a sign-in code is sent, one message is taken from each of four budgets: the user's (5 per 15
 * minutes by default), the source IP's, the pool's and the whole service's (per hour). Past any of them the sign-in is
 * refused with {@code LimitExceeded} and nothing is sent.
 *
 * <p>Budgets are counted per fixed window in the shared database, so every node sees them; they are taken in a
 * transaction of their own (all four or none), so a refusal leaves the others untouched. A message taken for a sign-in
 * that then fails stays spent: budgets err on the side of sending less.
 */
@Component
public class SmsBudgets {

    enum Scope { USER, IP, POOL, GLOBAL }

    record Budget(Scope scope, int limit, Duration window) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final List<Budget> budgets;

    public SmsBudgets(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                      @Value("${authledger.sms-budget.per-user}") int perUser,
                      @Value("${authledger.sms-budget.per-user-window}") Duration perUserWindow,
                      @Value("${authledger.sms-budget.per-ip}") int perIp,
                      @Value("${authledger.sms-budget.per-ip-window}") Duration perIpWindow,
                      @Value("${authledger.sms-budget.per-pool}") int perPool,
                      @Value("${authledger.sms-budget.per-pool-window}") Duration perPoolWindow,
                      @Value("${authledger.sms-budget.global-per-hour}") int globalPerHour) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.budgets = List.of(new Budget(Scope.USER, perUser, perUserWindow),
                new Budget(Scope.IP, perIp, perIpWindow), new Budget(Scope.POOL, perPool, perPoolWindow),
                new Budget(Scope.GLOBAL, globalPerHour, Duration.ofHours(1)));
    }

    /**
     * Takes one message from each budget, or none.
     *
     * @param ipAddress null when the host service did not say; the IP budget is then not applied
     * @throws RuleViolation {@link ErrorCode#LimitExceeded}, naming the budget that is spent
     */
    public void take(String poolId, String sub, String ipAddress, Instant now) {
        for (int attempt = 1; ; attempt++) {
            try {
                ownTransaction.executeWithoutResult(status -> {
                    for (Budget budget : budgets) {
                        String key = switch (budget.scope()) {
                            case USER -> sub;
                            case IP -> ipAddress;
                            case POOL -> poolId;
                            case GLOBAL -> "*";
                        };
                        if (key != null && !take(budget, key, now)) {
                            throw spent(budget);
                        }
                    }
                });
                return;
            } catch (DataIntegrityViolationException raced) {
                // two first messages of a window inserted its row at once: the loser counts again
                if (attempt == 3) {
                    throw raced;
                }
            }
        }
    }

    private boolean take(Budget budget, String key, Instant now) {
        Object windowStart = SqlTime.utc(Instant.ofEpochMilli(
                now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), budget.window().toMillis())));
        int updated = jdbc.update("UPDATE sms_budget SET used = used + 1 WHERE scope = ? AND scope_key = ? "
                + "AND window_start = ? AND used < ?", budget.scope().name(), key, windowStart, budget.limit());
        if (updated == 1) {
            return true;
        }
        Integer used = jdbc.query("SELECT used FROM sms_budget WHERE scope = ? AND scope_key = ? AND window_start = ?",
                rs -> rs.next() ? rs.getInt(1) : null, budget.scope().name(), key, windowStart);
        if (used != null || budget.limit() < 1) {
            return false;
        }
        jdbc.update("INSERT INTO sms_budget (scope, scope_key, window_start, used) VALUES (?, ?, ?, 1)",
                budget.scope().name(), key, windowStart);
        return true;
    }

    private static RuleViolation spent(Budget budget) {
        String whose = switch (budget.scope()) {
            case USER -> "this user";
            case IP -> "this source IP address";
            case POOL -> "this pool";
            case GLOBAL -> "the service";
        };
        return new RuleViolation(ErrorCode.LimitExceeded, "The SMS budget of " + whose + " (" + budget.limit()
                + " messages per " + budget.window().toMinutes() + " minutes) is spent: no code was sent. Try "
                + "again later, or use another factor.");
    }
}
