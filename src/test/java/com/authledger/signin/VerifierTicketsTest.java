package com.authledger.signin;

import com.authledger.secrets.KeyedDerivation;
import com.authledger.secrets.MasterKeyRing;
import com.authledger.signin.VerifierTickets.Ticket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The sealed PASSWORD_VERIFIER session: what it opens to, what it refuses, and how long it can get. */
class VerifierTicketsTest {

    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00.123456Z");

    @TempDir
    Path dir;

    private MasterKeyRing ring;
    private VerifierTickets tickets;

    @BeforeEach
    void setUp() {
        ring = MasterKeyRing.loadOrCreate(dir.resolve("keys"), dir.resolve("data"), new SecureRandom());
        tickets = new VerifierTickets(new KeyedDerivation(ring), new SecureRandom());
    }

    private Ticket ticket(String sub, String clientPublic, String userAgent) {
        return new Ticket("c2Vzc2lvbi1pZC0wMDAwMQ", "us-east-1_Tickets001", "client1", sub != null,
                sub != null ? sub : "0d1e2f30-4a5b-4c6d-8e7f-8091a2b3c4d5", "name-mac", clientPublic, ring.currentId(), "203.0.113.9", userAgent, "device-1", NOW, NOW.plusSeconds(180));
    }

    @Test
    void aSealedTicketOpensToWhatWasSealed() {
        Ticket known = ticket("5f0c7e1e-9a52-4c61-8d0b-2a6f31c3e001", "0abc123", "aws-sdk-js/3");
        Ticket unknown = new Ticket("c2Vzc2lvbi1pZC0wMDAwMg", "us-east-1_Tickets001", "client1", false,
                "0d1e2f30-4a5b-4c6d-8e7f-8091a2b3c4d5", "name-mac", "ff", ring.currentId(), null, null, null, NOW,
                NOW.plusSeconds(180));

        assertThat(tickets.open(tickets.seal(known))).contains(new Ticket(known.sessionId(), known.poolId(),
                known.clientId(), true, known.userIdForSrp(), known.nameMac(), "abc123", known.keyId(), known.ipAddress(),
                known.userAgent(), known.deviceId(), NOW, NOW.plusSeconds(180)));
        assertThat(tickets.open(tickets.seal(unknown))).contains(unknown);
        assertThat(tickets.open(tickets.seal(unknown)).orElseThrow().sub()).isNull();
    }

    @Test
    void aKnownAndAnUnknownNameGetTicketsOfTheSameShapeAndLength() {
        String known = tickets.seal(ticket("5f0c7e1e-9a52-4c61-8d0b-2a6f31c3e001", "abc123", null));
        String unknown = tickets.seal(ticket(null, "abc123", null));

        assertThat(known).matches("p1\\.mk-[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(unknown).matches("p1\\.mk-[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+").hasSameSizeAs(known);
        assertThat(known).doesNotContain("5f0c7e1e");
    }

    @Test
    void anAlteredTicketOrAnotherServicesOrAnOrdinarySessionStringDoesNotOpen() {
        String sealed = tickets.seal(ticket(null, "abc123", "ua"));
        char last = sealed.charAt(sealed.length() - 5);
        String altered = sealed.substring(0, sealed.length() - 5) + (last == 'A' ? 'B' : 'A')
                + sealed.substring(sealed.length() - 4);
        VerifierTickets elsewhere = new VerifierTickets(new KeyedDerivation(MasterKeyRing.loadOrCreate(
                dir.resolve("other-keys"), dir.resolve("other-data"), new SecureRandom())), new SecureRandom());

        assertThat(tickets.open(altered)).isEmpty();
        assertThat(elsewhere.open(sealed)).isEmpty();
        assertThat(tickets.open("c2Vzc2lvbi1pZC0wMDAwMQ.c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA")).isEmpty();
        assertThat(tickets.open("p1.mk-nothing00.AAAA")).isEmpty();
        assertThat(tickets.open(null)).isEmpty();
    }

    @Test
    void theLongestTicketStaysWithinCognitosSessionLimit() {
        String longestA = new BigInteger(1, new byte[512]).add(BigInteger.TWO.pow(4095)).toString(16);
        String longUserAgent = "é".repeat(512);

        String sealed = tickets.seal(new Ticket("c2Vzc2lvbi1pZC0wMDAwMQ", "x".repeat(64), "c".repeat(128), true,
                "5f0c7e1e-9a52-4c61-8d0b-2a6f31c3e001", "m".repeat(43), longestA, ring.currentId(),
                "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", longUserAgent, "d".repeat(128), NOW, NOW));

        assertThat(sealed.length()).isLessThanOrEqualTo(2048);
        Ticket opened = tickets.open(sealed).orElseThrow();
        assertThat(opened.clientPublic()).isEqualTo(longestA);
        assertThat(opened.userAgent()).isEqualTo("é".repeat(VerifierTickets.USER_AGENT_BYTES / 2));
        assertThat(PasswordVerifiers.secretBlock(sealed).length()).isLessThanOrEqualTo(
                SignInService.MAX_SECRET_BLOCK_LENGTH);
    }
}
