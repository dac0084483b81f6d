package com.authledger.sms;

import com.authledger.pool.SmsSender;

/**
 * One text message to send: the pool it is sent for and the sender configuration the pool is allowed to use, the
 * destination in E.164, the text, and what it is for. It exists only in memory: handed to a transport after the
 * transaction that caused it committed, never stored.
 */
public record SmsMessage(String poolId, SmsSender sender, String destination, String text, String purpose) {

    @Override
    public String toString() {
        // never let a log line carry the number or the code
        return "SmsMessage[pool=" + poolId + ", purpose=" + purpose + "]";
    }
}
