package com.authledger.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * One contact attribute of a user: the value that serves (sealed), whether it is verified, and a new value awaiting
 * its verification while the verified one keeps serving.
 */
record ContactState(String value, boolean verified, String pending) {

    static final ContactState NONE = new ContactState(null, false, null);

    boolean hasValue() {
        return value != null;
    }

    /** Neither a serving value nor a pending one. */
    boolean absent() {
        return value == null && pending == null;
    }

    /** A pending value now serves, verified; or the serving value is verified. */
    ContactState verifiedNow() {
        return new ContactState(pending != null ? pending : value, true, null);
    }

    /** A new value: pending while a verified one keeps serving, else serving at once (verified if vouched for). */
    ContactState changedTo(String sealedValue, boolean asPending, boolean vouched) {
        return asPending ? new ContactState(value, verified, sealedValue) : new ContactState(sealedValue, vouched, null);
    }

    /** Whether a change to {@code sealedValue} leaves a verified value, whose owner is then told. */
    boolean leavesVerifiedValue(String sealedValue) {
        return verified && !sealedValue.equals(value);
    }

    /** Tells one sealed value from another without opening it (a sealed value is never sealed twice alike). */
    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
