package com.authledger.signin;

import com.authledger.pool.PoolDirectory;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.signin.SignInRules.AnswerNamesTheUser;
import com.authledger.signin.SignInRules.PasswordProven;
import com.authledger.signin.SignInRules.SessionNotExpired;
import com.authledger.signin.SignInRules.SessionOfClient;
import com.authledger.signin.SignInRules.SessionOfPool;
import com.authledger.signin.SignInRules.TimestampIsCurrent;
import com.authledger.signin.VerifierTickets.Ticket;
import com.authledger.signin.api.ChallengeName;
import com.authledger.signin.api.ClientTerms;
import com.authledger.signin.api.SignInEvent.PasswordVerifierIssued;
import com.authledger.user.Results.PasswordVerdict;
import com.authledger.user.api.SignInContext;
import com.authledger.user.api.Username;
import com.authledger.user.password.Srp6a;
import org.springframework.stereotype.Component;

import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PASSWORD_VERIFIER step of USER_SRP_AUTH (ADR 14): the challenge's SRP parameters, for the user's stored
 * verifier or, when no user has the name, for one derived from the name (the same shape and the same work), issued
 * with a sealed {@link VerifierTickets ticket} as its session so that issuing it stores nothing; the checks of an
 * answer; and the verdict on a password claim, counted towards the user's lockout, or the name's when no user has it.
 * The arithmetic is {@link Srp6a}'s, the derivations {@link PasswordVerifiers}'.
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

    /** An answer's PASSWORD_CLAIM_SECRET_BLOCK, TIMESTAMP (as signed) and PASSWORD_CLAIM_SIGNATURE, well formed. */
    record Claim(byte[] block, String timestamp, byte[] signature) {

        /** The claim an answer makes; refused, with nothing recorded, when malformed or its TIMESTAMP is stale. */
        static Claim of(Map<String, String> responses, Instant now) {
            byte[] block = PasswordVerifiers.secretBlockBytes(responses.get("PASSWORD_CLAIM_SECRET_BLOCK"));
            byte[] signature = PasswordVerifiers.signature(responses.get("PASSWORD_CLAIM_SIGNATURE"));
            String timestamp = responses.get("TIMESTAMP");
            new TimestampIsCurrent(PasswordVerifiers.timestamp(timestamp), now).verify();
            return new Claim(block, timestamp, signature);
        }

        @Override
        public String toString() {
            return "Claim[redacted]";
        }
    }

    private final PasswordVerifiers verifiers;
    private final VerifierTickets tickets;
    private final SpentTickets spentTickets;
    private final UnknownNameFailures unknownNames;
    private final PoolDirectory pools;
    private final UserSteps users;

    public PasswordClaims(PasswordVerifiers verifiers, VerifierTickets tickets, SpentTickets spentTickets,
                          UnknownNameFailures unknownNames, PoolDirectory pools, UserSteps users) {
        this.verifiers = verifiers;
        this.tickets = tickets;
        this.spentTickets = spentTickets;
        this.unknownNames = unknownNames;
        this.pools = pools;
        this.users = users;
    }

    /**
     * USER_SRP_AUTH's PASSWORD_VERIFIER challenge for {@code sub} (null when the name matches no user), with a new
     * session id, sealed in its ticket: SALT and SRP_B, the SECRET_BLOCK and USER_ID_FOR_SRP. Nothing is stored.
     */
    SignInOutcome challenge(String sessionId, String poolId, ClientTerms client, String sub, String name,
                            String clientPublicHex, SignInContext context, Instant now) {
        String nameMac = unknownNames.nameMac(poolId, Username.key(name));
        Parameters srp = parameters(sessionId, poolId, sub, nameMac);
        String session = tickets.seal(new Ticket(sessionId, poolId, client.clientId(), sub != null,
                srp.userIdForSrp(), nameMac, clientPublicHex, srp.keyId(), context.ipAddress(), context.userAgent(),
                context.deviceId(), now, now.plus(client.sessionValidity())));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("SALT", srp.saltHex());
        parameters.put("SRP_B", srp.serverPublicHex());
        parameters.put("SECRET_BLOCK", PasswordVerifiers.secretBlock(session));
        parameters.put(SignInSession.USER_ID_FOR_SRP, srp.userIdForSrp());
        return SignInOutcome.challenge(ChallengeName.PASSWORD_VERIFIER, parameters, session);
    }

    /** A PASSWORD_VERIFIER answer to a ticket, checked: the ticket and the claim the answer makes. */
    record TicketAnswer(Ticket ticket, Claim claim) {
    }

    /**
     * The ticket a PASSWORD_VERIFIER session string seals, checked as a session's current step is: of this pool and
     * app client, not expired, answered for its user, with a well-formed and current claim. Refusals change nothing.
     */
    TicketAnswer answerable(String session, String poolId, String clientId, Map<String, String> responses,
                            Instant now) {
        Ticket ticket = tickets.open(session).orElseThrow(SignInRules::invalidSession);
        new SessionOfPool(ticket.poolId(), poolId).verify();
        new SessionOfClient(ticket.clientId(), clientId).verify();
        new SessionNotExpired(ticket.expiresAt(), now).verify();
        new AnswerNamesTheUser(responses.get("USERNAME"),
                named -> names(named, poolId, ticket.sub(), ticket.step())).verify();
        return new TicketAnswer(ticket, Claim.of(responses, now));
    }

    /** Spends the ticket before its verdict: a ticket answers once (refused as an invalid session after that). */
    void spend(Ticket ticket) {
        if (!spentTickets.spend(ticket.sessionId(), ticket.expiresAt())) {
            throw new AuthledgerException(ErrorCode.InvalidSession, SignInRules.USED_ONCE);
        }
    }

    /** What a ticket answered for a user records first: that the challenge was issued (its step hash, the ticket's). */
    static PasswordVerifierIssued issued(Ticket ticket, String session) {
        return new PasswordVerifierIssued(ticket.sessionId(), ticket.poolId(), ticket.clientId(), ticket.sub(),
                ticket.nameMac(), SessionSecrets.hash(session), ticket.clientPublic(), ticket.keyId(),
                ticket.ipAddress(), ticket.userAgent(), ticket.deviceId(), ticket.expiresAt(), ticket.issuedAt());
    }

    /**
     * The refusal of a claim under a name that matches no user: a wrong password after the same work (or the name's
     * lockout), counted towards the name's lockout. Nothing is appended.
     */
    AuthledgerException unknownName(TicketAnswer answer, Instant now) {
        Ticket ticket = answer.ticket();
        PasswordVerdict verdict = verify(ticket.sessionId(), ticket.poolId(), null, ticket.step(), answer.claim(),
                SignInContext.NONE, now);
        return new PasswordProven(verdict.outcome()).refusal();
    }

    private Parameters parameters(String sessionId, String poolId, String sub, String nameMac) {
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
    PasswordVerdict verify(String sessionId, String poolId, String sub, PasswordVerifierStep step, Claim claimed,
                           SignInContext context, Instant now) {
        String srpPoolName = pools.require(poolId).srpPoolName();
        BigInteger b = verifiers.ephemeral(step.keyId(), sessionId);
        BigInteger clientPublic = new BigInteger(step.clientPublic(), 16);
        if (sub == null) {
            PasswordVerifiers.UnknownName unknown = verifiers.unknownName(step.keyId(), poolId, step.nameMac());
            Srp6a.PasswordClaim claim = new Srp6a.PasswordClaim(clientPublic, b, srpPoolName, unknown.userIdForSrp(),
                    claimed.block(), claimed.timestamp(), claimed.signature());
            Instant locked = unknownNames.attemptUnder(poolId, step.nameMac(), now,
                    () -> Srp6a.claimMatches(claim, unknown.verifier()));
            return new PasswordVerdict(locked != null ? PasswordVerdict.Outcome.LOCKED
                    : PasswordVerdict.Outcome.REJECTED, null, locked);
        }
        Srp6a.PasswordClaim claim = new Srp6a.PasswordClaim(clientPublic, b, srpPoolName, sub, claimed.block(),
                claimed.timestamp(), claimed.signature());
        return users.verifyPasswordClaim(sub, claim, context);
    }
}
