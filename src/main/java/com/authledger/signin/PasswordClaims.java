package com.authledger.signin;

import com.authledger.pool.PoolDirectory;
import com.authledger.user.Results.PasswordVerdict;
import com.authledger.user.api.SignInContext;
import com.authledger.user.api.Username;
import com.authledger.user.password.Srp6a;
import org.springframework.stereotype.Component;

import java.math.BigInteger;
import java.time.Instant;

/**
 * The PASSWORD_VERIFIER step of USER_SRP_AUTH as a {@link SignInSession} asks for it (ADR 14): the challenge's SRP
 * parameters, for the user's stored verifier or, when no user has the name, for one derived from the name (the same
 * shape and the same work); whether an answer's USERNAME names the step's user; and the verdict on a password claim,
 * counted towards the user's lockout, or the name's when no user has it. The arithmetic is {@link Srp6a}'s, the
 * derivations {@link PasswordVerifiers}'.
 */
@Component
public class PasswordClaims {

    /** What a PASSWORD_VERIFIER challenge answers with: SALT, SRP_B and USER_ID_FOR_SRP, and the key b is under. */
    record Parameters(String keyId, String saltHex, String serverPublicHex, String userIdForSrp) {
        @Override
        public String toString() {
            return "Parameters[keyId=" + keyId + ", redacted]";
        }
    }

    private final PasswordVerifiers verifiers;
    private final UnknownNameFailures unknownNames;
    private final PoolDirectory pools;
    private final UserSteps users;

    public PasswordClaims(PasswordVerifiers verifiers, UnknownNameFailures unknownNames, PoolDirectory pools,
                          UserSteps users) {
        this.verifiers = verifiers;
        this.unknownNames = unknownNames;
        this.pools = pools;
        this.users = users;
    }

    /**
     * The parameters of a new PASSWORD_VERIFIER challenge of session {@code sessionId}: for {@code sub}'s stored
     * verifier, or (no such user, or one without a password) what a user would be answered with, matching nothing.
     * b is derived from the session id, never stored.
     */
    Parameters challenge(String sessionId, String poolId, String sub, String nameMac) {
        String key = verifiers.currentKeyId();
        BigInteger b = verifiers.ephemeral(key, sessionId);
        Srp6a.Verifier stored = sub == null ? null : users.passwordVerifier(sub);
        if (stored != null) {
            BigInteger verifier = new BigInteger(stored.verifierHex(), 16);
            return new Parameters(key, stored.saltHex(), Srp6a.padHex(Srp6a.serverPublic(verifier, b)), sub);
        }
        PasswordVerifiers.UnknownName unknown = verifiers.unknownName(key, poolId, nameMac);
        return new Parameters(key, unknown.saltHex(), Srp6a.padHex(Srp6a.serverPublic(unknown.verifier(), b)),
                sub == null ? unknown.userIdForSrp() : sub);
    }

    /** Whether {@code named} names the step's user: its USER_ID_FOR_SRP, or the name it was started with. */
    boolean names(String named, String poolId, String sub, PasswordVerifierStep step) {
        String userIdForSrp = sub != null ? sub
                : verifiers.unknownName(step.keyId(), poolId, step.nameMac()).userIdForSrp();
        return named.equals(userIdForSrp)
                || step.nameMac().equals(unknownNames.nameMac(poolId, Username.key(named)));
    }

    /**
     * The verdict on a password claim of session {@code sessionId}: the user's (which counts a wrong one towards
     * its lockout), or, for a name that matches no user, REJECTED after the same work (LOCKED while the name is
     * locked out).
     */
    PasswordVerdict verify(String sessionId, String poolId, String sub, PasswordVerifierStep step, byte[] block,
                           String timestamp, byte[] signature, SignInContext context, Instant now) {
        String srpPoolName = pools.require(poolId).srpPoolName();
        BigInteger b = verifiers.ephemeral(step.keyId(), sessionId);
        BigInteger clientPublic = new BigInteger(step.clientPublic(), 16);
        if (sub == null) {
            PasswordVerifiers.UnknownName unknown = verifiers.unknownName(step.keyId(), poolId, step.nameMac());
            Srp6a.PasswordClaim claim = new Srp6a.PasswordClaim(clientPublic, b, srpPoolName, unknown.userIdForSrp(),
                    block, timestamp, signature);
            Instant locked = unknownNames.attemptUnder(poolId, step.nameMac(), now,
                    () -> Srp6a.claimMatches(claim, unknown.verifier()));
            return new PasswordVerdict(locked != null ? PasswordVerdict.Outcome.LOCKED
                    : PasswordVerdict.Outcome.REJECTED, null, locked);
        }
        Srp6a.PasswordClaim claim = new Srp6a.PasswordClaim(clientPublic, b, srpPoolName, sub, block, timestamp,
                signature);
        return users.verifyPasswordClaim(sub, claim, context);
    }
}
