package com.authledger.message;

/**
 * What every message draws from before it is accepted for delivery: the budgets per destination, user, source
 * address, pool and service, for every message of every purpose. {@link Deliveries#afterCommit} calls it on the
 * command's thread, before the command commits, so a refusal (thrown as the domain's exception with its error code)
 * fails the command and appends nothing. Notices have budgets of their own and are never refused: past them they are
 * dropped, and the change that caused them goes on. Before any budget, a text message must go to a country of its
 * pool's SMS country list: a code to another is refused ({@code CodeDeliveryFailure}), a notice dropped.
 */
public interface MessageBudgets {

    /** Accepts every message: for senders used outside the service (tests, tools). */
    MessageBudgets NONE = new MessageBudgets() {
        @Override
        public boolean draw(MessageContext context) {
            return true;
        }

        @Override
        public void requireOpen(String poolId, String sourceAddress) {
        }
    };

    /**
     * Takes one message from every budget it falls under.
     *
     * @return false for a notice past its budgets or outside its pool's SMS countries (it is then not sent); true
     *         when the message may go
     * @throws com.authledger.shared.LimitReached for a code, when one of its budgets is spent (nothing was taken)
     * @throws com.authledger.shared.AuthledgerException {@code CodeDeliveryFailure} for a code by SMS to a country
     *         outside its pool's SMS countries
     */
    boolean draw(MessageContext context);

    /**
     * Refuses at once, taking nothing, when the code budget of the source address, the pool or the service is spent:
     * for the codes asked for without awaiting the command that sends them (a new sign-up code, a password reset),
     * whose answer must not depend on the user, so only on budgets that do not name one.
     *
     * @param sourceAddress the end user's address, or null when unknown
     * @throws com.authledger.shared.LimitReached when one of them is spent
     */
    void requireOpen(String poolId, String sourceAddress);
}
