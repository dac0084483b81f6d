package com.authledger.user;

import com.authledger.user.api.CodePurpose;
import com.authledger.user.api.Contact;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one-time codes a user was sent and has not used, at most one per purpose: a newer code for a purpose voids the
 * older one. A code is single use, valid for its purpose's time, and void after {@link #MAX_WRONG_TRIES} wrong tries.
 */
record PendingCodes(Map<CodePurpose, PendingCode> byPurpose) {

    static final int MAX_WRONG_TRIES = 5;
    static final PendingCodes NONE = new PendingCodes(Map.of());

    PendingCodes {
        EnumMap<CodePurpose, PendingCode> copy = new EnumMap<>(CodePurpose.class);
        copy.putAll(byPurpose);
        byPurpose = Collections.unmodifiableMap(copy);
    }

    /** The code pending for {@code purpose}, or null. */
    PendingCode of(CodePurpose purpose) {
        return byPurpose.get(purpose);
    }

    /** Whether the {@code wrongAttempts}-th wrong try is the last allowed, which voids what it was for. */
    static boolean voids(int wrongAttempts) {
        return wrongAttempts >= MAX_WRONG_TRIES;
    }

    PendingCodes with(CodePurpose purpose, PendingCode code) {
        EnumMap<CodePurpose, PendingCode> copy = new EnumMap<>(CodePurpose.class);
        copy.putAll(byPurpose);
        copy.put(purpose, code);
        return new PendingCodes(copy);
    }

    PendingCodes without(CodePurpose purpose) {
        if (!byPurpose.containsKey(purpose)) {
            return this;
        }
        EnumMap<CodePurpose, PendingCode> copy = new EnumMap<>(CodePurpose.class);
        copy.putAll(byPurpose);
        copy.remove(purpose);
        return new PendingCodes(copy);
    }

    /** A wrong try; {@code voided}: the last allowed, which drops the code. */
    PendingCodes rejected(CodePurpose purpose, int wrongAttempts, boolean voided) {
        PendingCode pending = of(purpose);
        return voided || pending == null ? without(purpose) : with(purpose, pending.withWrongAttempts(wrongAttempts));
    }

    /** A code sent to a value that is no longer the one it went to proves nothing. */
    PendingCodes voidedFor(Contact contact) {
        PendingCodes left = without(CodePurpose.verifying(contact));
        PendingCode signUp = left.of(CodePurpose.SIGN_UP);
        return signUp != null && signUp.channel() == contact.channel() ? left.without(CodePurpose.SIGN_UP) : left;
    }
}
