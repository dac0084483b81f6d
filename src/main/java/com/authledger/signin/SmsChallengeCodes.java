package com.authledger.signin;

import com.authledger.message.Deliveries;
import com.authledger.message.OutboundMessage;
import com.authledger.pool.PoolContext;
import com.authledger.pool.SmsMfa;
import com.authledger.pool.PoolDirectory;
import com.authledger.secrets.OneTimeCodeMac;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.RuleViolation;
import com.authledger.user.UserSecrets;
import org.springframework.stereotype.Component;


/**
 * The codes of SMS_MFA challenges: six digits from a secure source, sent after commit in the pool's SMS text (each
 * drawn from the message budgets of the user, the number, the end user's address, the pool and the service, as every
 * message is), and kept only as a keyed HMAC bound to the user and the session, so a code answers nothing but the
 * session it was sent for.
 */
@Component
public class SmsChallengeCodes {

    static final String PURPOSE = "SIGN_IN_MFA";

    private final UserSecrets secrets;
    private final OneTimeCodeMac macs;
    private final Deliveries deliveries;
    private final PoolDirectory pools;

    public SmsChallengeCodes(UserSecrets secrets, OneTimeCodeMac macs, Deliveries deliveries, PoolDirectory pools) {
        this.pools = pools;
        this.secrets = secrets;
        this.macs = macs;
        this.deliveries = deliveries;
    }

    /**
     * Sends a new code to {@code phoneNumber} once the transaction commits, in the pool's text; answers its HMAC.
     *
     * @param ipAddress the end user's address from the sign-in's context; null: the command's
     */
    public String send(String poolId, String sub, String sessionId, String phoneNumber, String ipAddress) {
        PoolContext pool = pools.require(poolId);
        if (!pool.canSendSms()) {
            throw new RuleViolation(ErrorCode.SmsSenderRequired,
                    "The pool has no SMS sender: configure its smsSender before SMS MFA can be used.");
        }
        String code = secrets.newCode();
        String template = pool.mfa().sms().message() != null ? pool.mfa().sms().message()
                : SmsMfa.DEFAULT_MESSAGE;
        deliveries.afterCommit(OutboundMessage.sms(pool.poolId(), pool.mfa().smsSender(), phoneNumber,
                template.replace(SmsMfa.CODE_PLACEHOLDER, code), PURPOSE).forUser(sub).from(ipAddress));
        return macs.mac(sub, PURPOSE + ":" + sessionId, code);
    }

    public boolean matches(String mac, String sub, String sessionId, String code) {
        return mac != null && macs.matches(mac, sub, PURPOSE + ":" + sessionId, code);
    }
}
