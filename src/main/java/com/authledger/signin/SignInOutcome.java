package com.authledger.signin;

import com.authledger.shared.AuthledgerException;
import com.authledger.signin.api.ChallengeName;
import com.authledger.signin.api.IssuedTokens;
import com.authledger.signin.api.TokenRequest;
import com.authledger.user.Results.SoftwareTokenSecret;

import java.util.Map;

/**
 * What a sign-in step answers: the next challenge (its name, Cognito's ChallengeParameters and the session string
 * for the answer), the tokens, a step inside MFA_SETUP (a new authenticator's secret, or its verification), or a
 * refusal. A refusal that recorded something (a wrong answer counted, an expired session noted) is returned rather
 * than thrown, so that the record commits; {@link #orThrow()} throws it afterwards. Tokens are granted by the session
 * ({@link #grant}: what they say, and the family's refresh token) and minted once the grant is committed
 * ({@link #mintedBy}).
 */
public record SignInOutcome(ChallengeName challenge, Map<String, String> parameters, String session,
                            Tokens tokens, Grant grant, SoftwareTokenSecret softwareToken,
                            AuthledgerException refusal) {

    /** Cognito's AuthenticationResult: the refresh token is {@code <family>.<secret>}. */
    public record Tokens(IssuedTokens issued, String refreshToken) {
        @Override
        public String toString() {
            return "Tokens[redacted]";
        }
    }

    /** Tokens a session granted, not minted yet: what they say, and the family's refresh token. */
    public record Grant(TokenRequest request, String refreshToken) {
        @Override
        public String toString() {
            return "Grant[family=" + request.familyId() + ", redacted]";
        }
    }

    static SignInOutcome challenge(ChallengeName challenge, Map<String, String> parameters, String session) {
        return new SignInOutcome(challenge, Map.copyOf(parameters), session, null, null, null, null);
    }

    static SignInOutcome granted(TokenRequest request, String refreshToken) {
        return new SignInOutcome(null, Map.of(), null, null, new Grant(request, refreshToken), null, null);
    }

    static SignInOutcome setUpStep(String session, SoftwareTokenSecret secret) {
        return new SignInOutcome(ChallengeName.MFA_SETUP, Map.of(), session, null, null, secret, null);
    }

    static SignInOutcome refused(AuthledgerException refusal) {
        return new SignInOutcome(null, Map.of(), null, null, null, null, refusal);
    }

    /** This outcome with the tokens it grants (if any) minted. */
    SignInOutcome mintedBy(TokenMinter minter) {
        if (grant == null) {
            return this;
        }
        return new SignInOutcome(challenge, parameters, session,
                new Tokens(minter.issue(grant.request()), grant.refreshToken()), null, softwareToken, refusal);
    }

    public SignInOutcome orThrow() {
        if (refusal != null) {
            throw refusal;
        }
        return this;
    }

    @Override
    public String toString() {
        return "SignInOutcome[" + (refusal != null ? refusal.code() : challenge != null ? challenge
                : grant != null ? "granted" : "tokens") + "]";
    }
}
