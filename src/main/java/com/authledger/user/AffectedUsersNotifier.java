package com.authledger.user;

import com.authledger.message.Deliveries;
import com.authledger.message.OutboundMessage;
import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.SmsCountries;
import com.authledger.pool.SmsSender;
import com.authledger.pool.UserNotifier;
import com.authledger.secrets.DataKeyVault;
import com.authledger.shared.Page;
import com.authledger.user.UserSecrets.Field;
import com.authledger.user.read.UserQueries;
import com.authledger.user.read.UserRow;
import org.springframework.stereotype.Component;

/**
 * Finds the users whose sign-in requirement differs between two configurations and tells each one, by SMS to a
 * verified phone number when the pool has a sender (the new configuration's, else the one it replaces), else by
 * email to a verified address. Users with neither are not told and not counted. Reads the users' projection: a user
 * registered within the projection's lag of the change may be missed.
 */
@Component
class AffectedUsersNotifier implements UserNotifier {

    private static final int PAGE = 500;

    private final UserQueries users;
    private final UserSecrets secrets;
    private final Deliveries deliveries;

    AffectedUsersNotifier(UserQueries users, UserSecrets secrets, Deliveries deliveries) {
        this.users = users;
        this.secrets = secrets;
        this.deliveries = deliveries;
    }

    @Override
    public int notifyAffectedUsers(String poolId, String poolName, MfaConfiguration before, MfaConfiguration after) {
        SmsSender sender = after.smsSender() != null ? after.smsSender() : before.smsSender();
        int told = 0;
        long position = 0;
        while (true) {
            Page<UserRow> page = users.users(poolId, PAGE, position);
            for (UserRow user : page.items()) {
                SignInRequirement.UserFactors factors = user.factors(SignInRequirement.UserFactors.regionNeeded(
                        user.smsMfaEnabled(), user.phoneVerified(), before, after) ? region(user) : null);
                SignInRequirement now = SignInRequirement.of(after, factors);
                if (!now.equals(SignInRequirement.of(before, factors)) && tell(user, sender, now.describe(poolName))) {
                    told++;
                }
                position = user.listingId();
            }
            if (page.nextPageToken() == null) {
                return told;
            }
        }
    }

    /** The region of the user's phone number; null when its data key was shredded meanwhile. */
    private String region(UserRow user) {
        try {
            return SmsCountries.regionOf(secrets.open(user.sub(), Field.PHONE_NUMBER, user.sealedPhone()));
        } catch (DataKeyVault.KeyShredded deletedMeanwhile) {
            return null;
        }
    }

    private boolean tell(UserRow user, SmsSender sender, String text) {
        try {
            return deliver(user, sender, text);
        } catch (DataKeyVault.KeyShredded deletedMeanwhile) {
            // deleted after the projection read it: nobody to tell
            return false;
        }
    }

    private boolean deliver(UserRow user, SmsSender sender, String text) {
        // by SMS when it may go (a budget spent or a country outside the pool's list drops it), else by email
        if (user.phoneVerified() && sender != null && deliveries.afterCommit(OutboundMessage.sms(user.poolId(),
                sender, secrets.open(user.sub(), Field.PHONE_NUMBER, user.sealedPhone()), text, "mfa-changed")
                .forUser(user.sub()).asNotice())) {
            return true;
        }
        if (user.emailVerified()) {
            return deliveries.afterCommit(OutboundMessage.email(user.poolId(),
                    secrets.open(user.sub(), Field.EMAIL, user.sealedEmail()), "Your sign-in has changed", text,
                    "mfa-changed").forUser(user.sub()).asNotice());
        }
        return false;
    }
}
