package com.authledger.message;

import com.authledger.pool.SmsSender;

/**
 * One message to send: through SMS (to an E.164 number, with the pool's SMS sender) or email (to an address). It
 * exists only in memory; its string form never holds the destination or the text.
 *
 * @param sender        the pool's SMS sender, for SMS; null for email
 * @param subject       null for SMS
 * @param purpose       what it is for (verify-phone, sign-up, reset-password, phone-changed, mfa-changed, ...)
 * @param userSub       the user it is sent for, when the sender names one; else {@link MessageContext} finds the user
 *                      of the command being handled
 * @param sourceAddress the end user's address that caused it, when the sender knows it (a sign-in's context); else
 *                      {@link MessageContext} takes the command's
 * @param kind          a code (refused past its budgets) or a notice (dropped past budgets of its own)
 */
public record OutboundMessage(Channel channel, String poolId, SmsSender sender, String destination, String subject,
                              String text, String purpose, String userSub, String sourceAddress, Kind kind) {

    public enum Channel { SMS, EMAIL }

    /**
     * A code is what someone asked for (sign-up, verification, reset, sign-in and set-up codes): past a budget the
     * request is refused. A notice tells a user of a change made to their account or pool: past its budgets it is
     * dropped, and the change is never refused for it.
     */
    public enum Kind { CODE, NOTICE }

    public static OutboundMessage sms(String poolId, SmsSender sender, String phoneNumber, String text,
                                      String purpose) {
        return new OutboundMessage(Channel.SMS, poolId, sender, phoneNumber, null, text, purpose, null, null,
                Kind.CODE);
    }

    public static OutboundMessage email(String poolId, String address, String subject, String text, String purpose) {
        return new OutboundMessage(Channel.EMAIL, poolId, null, address, subject, text, purpose, null, null,
                Kind.CODE);
    }

    /** The same message, sent for the user {@code sub} (a sender outside that user's own commands names them). */
    public OutboundMessage forUser(String sub) {
        return new OutboundMessage(channel, poolId, sender, destination, subject, text, purpose, sub, sourceAddress,
                kind);
    }

    /** The same message, caused by a request from {@code address} (null: the command's end user, if known). */
    public OutboundMessage from(String address) {
        return new OutboundMessage(channel, poolId, sender, destination, subject, text, purpose, userSub, address,
                kind);
    }

    /** The same message as a notice. */
    public OutboundMessage asNotice() {
        return new OutboundMessage(channel, poolId, sender, destination, subject, text, purpose, userSub,
                sourceAddress, Kind.NOTICE);
    }

    @Override
    public String toString() {
        return "OutboundMessage[" + channel + ", " + kind + ", pool=" + poolId + ", purpose=" + purpose + "]";
    }
}
