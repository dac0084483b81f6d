package com.authledger.limits;

import com.authledger.limits.MessageBudgetSettings.Budget;
import com.authledger.limits.WindowCounters.Limit;
import com.authledger.message.MessageBudgets;
import com.authledger.message.MessageContext;
import com.authledger.message.OutboundMessage;
import com.authledger.pool.PoolDirectory;
import com.authledger.pool.SmsCountries;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.LimitReached;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The service's {@link MessageBudgets}, counted in the shared database ({@link WindowCounters}).
 * <ul>
 *   <li>First, a text message must go to a country of its pool's SMS country list ({@link SmsCountries}): a code to
 *       another country is refused with {@code CodeDeliveryFailure}, a notice dropped, and neither draws a budget.</li>
 *   <li>A code takes one message from the budgets of its user, its destination, the end user's source address (an
 *       IPv6 address by its /64), its pool and the service, all or none. Past any of them it is refused with
 *       {@code LimitExceeded}, naming the budget, and nothing is sent. A budget whose key is unknown (no source address
 *       on an administrator's path, no user) is not drawn.</li>
 *   <li>A notice takes one from the notice budgets of its pool and of the service, which codes never touch: a
 *       configuration change is never refused because codes spent the pool's budget. Past them the notice is dropped,
 *       and the change goes on.</li>
 * </ul>
 */
@Component
public class MessageBudgetPolicy implements MessageBudgets {

    private static final Logger log = LoggerFactory.getLogger(MessageBudgetPolicy.class);

    static final String USER = "message.user";
    static final String DESTINATION = "message.destination";
    static final String SOURCE = "message.source";
    static final String POOL = "message.pool";
    static final String SERVICE = "message.service";
    static final String NOTICE_POOL = "notice.pool";
    static final String NOTICE_SERVICE = "notice.service";
    private static final String EVERYTHING = "*";

    private final WindowCounters counters;
    private final MessageBudgetSettings budgets;
    private final RefusalTally tally;
    private final PoolDirectory pools;
    private final Clock clock;

    public MessageBudgetPolicy(WindowCounters counters, MessageBudgetSettings budgets, RefusalTally tally,
                               PoolDirectory pools, Clock clock) {
        this.counters = counters;
        this.budgets = budgets;
        this.tally = tally;
        this.pools = pools;
        this.clock = clock;
    }

    @Override
    public boolean draw(MessageContext message) {
        if (!toAllowedCountry(message)) {
            return false;
        }
        Instant now = clock.instant();
        if (message.kind() == OutboundMessage.Kind.NOTICE) {
            Limit spent = counters.take(List.of(limit(NOTICE_POOL, message.poolId(), budgets.noticesPerPool()),
                    limit(NOTICE_SERVICE, EVERYTHING, budgets.noticesService())), now);
            if (spent != null) {
                log.warn("Dropped a {} notice for {} of pool {}: the notice budget of {} is spent", message.channel(),
                        message.purpose(), message.poolId(), whose(spent));
            }
            return spent == null;
        }
        Limit spent = counters.take(List.of(
                limit(USER, message.userSub(), budgets.perUser()),
                limit(DESTINATION, message.channel() + ":" + message.destination(), budgets.perDestination()),
                limit(SOURCE, SourceAddresses.key(message.sourceAddress()), budgets.perSource()),
                limit(POOL, message.poolId(), budgets.perPool()),
                limit(SERVICE, EVERYTHING, budgets.service())), now);
        if (spent != null) {
            tally.count(message.poolId(), RefusalTally.Reason.MESSAGE_BUDGET);
            throw spent(spent, now);
        }
        return true;
    }

    /**
     * Whether a text message goes to a country of its pool's SMS country list (every message that is not a text
     * message does). A code to another country is refused ({@code CodeDeliveryFailure}), a notice dropped; neither
     * draws from a budget.
     */
    private boolean toAllowedCountry(MessageContext message) {
        if (message.channel() != OutboundMessage.Channel.SMS || message.poolId() == null) {
            return true;
        }
        SmsCountries countries = pools.pool(message.poolId()).map(pool -> pool.mfa().smsCountries())
                .orElse(SmsCountries.ALL);
        if (countries.allows(message.destination())) {
            return true;
        }
        tally.count(message.poolId(), RefusalTally.Reason.SMS_COUNTRY);
        String region = SmsCountries.regionOf(message.destination());
        String where = region.length() == 2 && !"ZZ".equals(region) ? "numbers of " + region
                : "numbers of no country (international networks)";
        if (message.kind() == OutboundMessage.Kind.NOTICE) {
            log.warn("Dropped an SMS notice for {} of pool {}: the pool sends no text messages to {}",
                    message.purpose(), message.poolId(), where);
            return false;
        }
        throw new AuthledgerException(ErrorCode.CodeDeliveryFailure, "This pool sends no text messages to " + where
                + " (its SMS countries are " + String.join(", ", countries.allowed())
                + "): no code was sent. Use another phone number or factor.");
    }

    @Override
    public void requireOpen(String poolId, String sourceAddress) {
        Instant now = clock.instant();
        Limit spent = counters.firstSpent(List.of(
                limit(SOURCE, SourceAddresses.key(sourceAddress), budgets.perSource()),
                limit(POOL, poolId, budgets.perPool()),
                limit(SERVICE, EVERYTHING, budgets.service())), now);
        if (spent != null) {
            tally.count(poolId, RefusalTally.Reason.MESSAGE_BUDGET);
            throw spent(spent, now);
        }
    }

    private static Limit limit(String scope, String key, Budget budget) {
        return new Limit(scope, key, budget.limit(), budget.window());
    }

    private static LimitReached spent(Limit limit, Instant now) {
        return new LimitReached(ErrorCode.LimitExceeded, "The message budget of " + whose(limit) + " ("
                + limit.max() + " messages per " + describe(limit.window()) + ") is spent: no code was sent. Try "
                + "again later, or use another factor.", limit.untilWindowEnds(now));
    }

    private static String whose(Limit limit) {
        return switch (limit.scope()) {
            case USER -> "this user";
            case DESTINATION -> "this destination";
            case SOURCE -> "this source address";
            case POOL, NOTICE_POOL -> "this pool";
            default -> "the service";
        };
    }

    static String describe(Duration window) {
        if (window.toSeconds() % 3600 == 0) {
            long hours = window.toHours();
            return hours == 1 ? "hour" : hours + " hours";
        }
        if (window.toSeconds() % 60 == 0) {
            long minutes = window.toMinutes();
            return minutes == 1 ? "minute" : minutes + " minutes";
        }
        return window.toSeconds() + " seconds";
    }
}
