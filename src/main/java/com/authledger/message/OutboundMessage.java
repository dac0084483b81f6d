package com.authledger.message;

import com.authledger.pool.SmsSender;

/**
 * One message to send: through SMS (to an E.164 number, with the pool's SMS sender) or email (to an address). It
 * exists only in memory; its string form never holds the destination or the text.
 *
 * @param sender  the pool's SMS sender, for SMS; null for email
 * @param subject null for SMS
 * @param purpose what it is for (verify-phone, sign-up, reset-password, phone-changed, mfa-changed, ...)
 * @param userSub the user it is sent for, when the sender names one; else {@link MessageContext} finds the user of the
 *                command being handled
 */
public record OutboundMessage(Channel channel, String poolId, SmsSender sender, String destination, String subject,
                              String text, String purpose, String userSub) {

    public enum Channel { SMS, EMAIL }

    public static OutboundMessage sms(String poolId, SmsSender sender, String phoneNumber, String text,
                                      String purpose) {
        return new OutboundMessage(Channel.SMS, poolId, sender, phoneNumber, null, text, purpose, null);
    }

    public static OutboundMessage email(String poolId, String address, String subject, String text, String purpose) {
        return new OutboundMessage(Channel.EMAIL, poolId, null, address, subject, text, purpose, null);
    }

    /** The same message, sent for the user {@code sub} (a sender outside that user's own commands names them). */
    public OutboundMessage forUser(String sub) {
        return new OutboundMessage(channel, poolId, sender, destination, subject, text, purpose, sub);
    }

    @Override
    public String toString() {
        return "OutboundMessage[" + channel + ", pool=" + poolId + ", purpose=" + purpose + "]";
    }
}
