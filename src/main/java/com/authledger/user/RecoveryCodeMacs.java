package com.authledger.user;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * The HMACs of a user's recovery codes, in the order they were shown; a redeemed code leaves a null in its place, so
 * that every index keeps naming the same code.
 */
record RecoveryCodeMacs(List<String> macs) {

    static final RecoveryCodeMacs NONE = new RecoveryCodeMacs(List.of());

    RecoveryCodeMacs {
        macs = Collections.unmodifiableList(new ArrayList<>(macs));
    }

    /** The index of the unused code whose HMAC {@code matches}, if any. */
    OptionalInt unusedMatching(Predicate<String> matches) {
        for (int i = 0; i < macs.size(); i++) {
            if (macs.get(i) != null && matches.test(macs.get(i))) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    RecoveryCodeMacs redeemed(int index) {
        List<String> left = new ArrayList<>(macs);
        left.set(index, null);
        return new RecoveryCodeMacs(left);
    }
}
