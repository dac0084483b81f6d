package com.authledger.user;

import com.authledger.user.api.Channel;

import java.time.Instant;

/** A one-time code on its way or delivered: its HMAC, where it went, until when it is valid, its wrong tries. */
record PendingCode(String mac, Channel channel, Instant expiresAt, int wrongAttempts) {

    /** A code stops being accepted at its expiry. */
    boolean validAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /** The count of wrong tries with one more. */
    int nextWrongTry() {
        return wrongAttempts + 1;
    }

    PendingCode withWrongAttempts(int wrong) {
        return new PendingCode(mac, channel, expiresAt, wrong);
    }
}
