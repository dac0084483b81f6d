package com.authledger.api.rest;

import com.authledger.pool.PoolRules;
import com.authledger.support.EventStoreProbe;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.authledger.api.rest.RestFixtures.ADAPTIVE_ON;
import static com.authledger.api.rest.RestFixtures.POOLS;
import static com.authledger.api.rest.RestFixtures.SENDER;
import static com.authledger.api.rest.RestFixtures.SENDER_ARN;
import static com.authledger.api.rest.RestFixtures.SMS_MESSAGE;
import static com.authledger.api.rest.RestFixtures.SMS_ON;
import static com.authledger.api.rest.RestFixtures.TOTP_ON;
import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.RestFixtures.config;
import static com.authledger.api.rest.RestFixtures.createPool;
import static com.authledger.api.rest.RestFixtures.mfaConfigPath;
import static com.authledger.api.rest.RestFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

/** Pools and their MFA configuration through HTTP: creation, reads, listing, and every seed rule as a 409. */
@IntegrationTest
class PoolApiTest {

    private static final String UNKNOWN_POOL = "us-east-1_Zz9Zz9Zz9";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    private TestApi admin;
    private EventStoreProbe events;

    @BeforeEach
    void setUp() {
        admin = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
        clock.advance(Duration.ofMinutes(1));
    }

    // --- creation and reads -------------------------------------------------------------------------------------

    @Test
    void createWhenValidThenCreatedWithLocationEtagAndWholeRepresentation() {
        Instant now = clock.instant();
        long before = events.eventCount();

        TestApi.Response created = admin.post(POOLS, pool("Customers", "OPTIONAL", TOTP_ON, ADAPTIVE_ON));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = created.json();
        String poolId = body.path("poolId").asText();
        assertThat(poolId).matches("us-east-1_[0-9A-Za-z]{9}");
        assertThat(created.header("Location")).isEqualTo("/api/v1/pools/" + poolId);
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        assertThat(created.header("Content-Type")).startsWith("application/json");
        assertThat(body.path("name").asText()).isEqualTo("Customers");
        assertThat(Instant.parse(body.path("createdAt").asText())).isEqualTo(now);
        assertThat(body.path("createdBy").asText()).isEqualTo("apikey:test-admin");
        assertThat(body.path("verification").path("autoVerifiedAttributes").isArray()).isTrue();
        assertThat(body.path("verification").path("autoVerifiedAttributes")).isEmpty();
        assertThat(body.path("verification").path("smsMessage").asText()).isEqualTo("Your verification code is {####}.");
        assertThat(body.path("verification").path("emailMessage").asText())
                .isEqualTo("Your verification code is {####}.");

        JsonNode mfa = body.path("mfaConfig");
        assertThat(mfa.path("poolId").asText()).isEqualTo(poolId);
        assertThat(mfa.path("version").asLong()).isZero();
        assertThat(mfa.path("mfaMode").asText()).isEqualTo("OPTIONAL");
        assertThat(mfa.path("smsMfa").path("enabled").asBoolean()).isFalse();
        assertThat(mfa.path("smsMfa").path("message").asText()).isEqualTo("Your authentication code is {####}.");
        assertThat(mfa.path("totpMfa").path("enabled").asBoolean()).isTrue();
        assertThat(mfa.path("adaptiveAuthentication").path("enabled").isBoolean()).isTrue();
        assertThat(mfa.path("adaptiveAuthentication").path("enabled").asBoolean()).isTrue();
        assertThat(mfa.path("adaptiveAuthentication").path("enforced").isBoolean()).isTrue();
        assertThat(mfa.path("adaptiveAuthentication").path("enforced").asBoolean()).isFalse();
        assertThat(mfa.has("smsSender")).isFalse();
        assertThat(Instant.parse(mfa.path("validFrom").asText())).isEqualTo(now);
        assertThat(mfa.has("validTo")).isFalse();
        assertThat(mfa.path("changed").asBoolean()).isTrue();
        assertThat(mfa.path("warnings")).isEmpty();
        assertThat(events.eventCount()).isEqualTo(before + 1);
    }

    @Test
    void createWhenAdaptiveOffThenAdaptiveReportedDisabledAndNotEnforced() {
        TestApi.Response created = admin.post(POOLS, pool("Plain", "OFF"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode adaptive = created.json().path("mfaConfig").path("adaptiveAuthentication");
        assertThat(adaptive.path("enabled").asBoolean(true)).isFalse();
        assertThat(adaptive.path("enforced").asBoolean(true)).isFalse();
    }

    @Test
    void createWhenRequiredThenAllowedAtCreation() {
        TestApi.Response created = admin.post(POOLS, pool("Strict", "REQUIRED", TOTP_ON));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("mfaConfig").path("mfaMode").asText()).isEqualTo("REQUIRED");
    }

    @Test
    void getPoolWhenCreatedThenSameRepresentationWithoutChangedFlag() {
        TestApi.Response created = admin.post(POOLS, pool("Readable", "OPTIONAL", SMS_ON, TOTP_ON, SENDER));
        String poolId = created.json().path("poolId").asText();

        TestApi.Response read = admin.get(POOLS + "/" + poolId);

        assertThat(read.status()).isEqualTo(200);
        JsonNode body = read.json();
        JsonNode expected = created.json();
        assertThat(body.path("poolId").asText()).isEqualTo(poolId);
        assertThat(body.path("name").asText()).isEqualTo("Readable");
        assertThat(body.path("createdAt")).isEqualTo(expected.path("createdAt"));
        assertThat(body.path("createdBy").asText()).isEqualTo("apikey:test-admin");
        assertThat(body.path("verification")).isEqualTo(expected.path("verification"));
        JsonNode mfa = body.path("mfaConfig");
        assertThat(mfa.path("version").asLong()).isZero();
        assertThat(mfa.path("mfaMode").asText()).isEqualTo("OPTIONAL");
        assertThat(mfa.path("smsMfa").path("enabled").asBoolean()).isTrue();
        assertThat(mfa.path("smsMfa").path("message").asText()).isEqualTo(SMS_MESSAGE);
        assertThat(mfa.path("totpMfa").path("enabled").asBoolean()).isTrue();
        assertThat(mfa.path("smsSender").path("credentialsRef").asText()).isEqualTo(SENDER_ARN);
        assertThat(mfa.path("smsSender").path("externalId").asText()).isEqualTo("ext-1");
        assertThat(mfa.path("smsSender").path("region").asText()).isEqualTo("us-east-1");
        assertThat(mfa.has("changed")).isFalse();
    }

    @Test
    void getMfaConfigWhenCreatedThenCurrentConfigurationWithEtag() {
        String poolId = createPool(admin, pool("Config", "OPTIONAL", TOTP_ON));

        TestApi.Response read = admin.get(mfaConfigPath(poolId));

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"0\"");
        JsonNode body = read.json();
        assertThat(body.path("poolId").asText()).isEqualTo(poolId);
        assertThat(body.path("version").asLong()).isZero();
        assertThat(body.path("mfaMode").asText()).isEqualTo("OPTIONAL");
        assertThat(body.path("totpMfa").path("enabled").asBoolean()).isTrue();
        assertThat(body.has("validTo")).isFalse();
        assertThat(body.has("changed")).isFalse();
    }

    @Test
    void listWhenPageSizeOneThenNextPageTokenPagesThroughPoolsOldestFirst() {
        List<String> ours = List.of(createPool(admin, pool("Page one", "OFF")),
                createPool(admin, pool("Page two", "OFF")), createPool(admin, pool("Page three", "OFF")));

        List<String> listed = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            TestApi.Response page = admin.get(POOLS + "?pageSize=1" + (token == null ? "" : "&pageToken=" + token));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            JsonNode items = page.json().path("items");
            assertThat(items).hasSize(1);
            JsonNode item = items.get(0);
            assertThat(item.path("createdBy").asText()).isEqualTo("apikey:test-admin");
            assertThat(item.has("name")).isTrue();
            assertThat(item.has("createdAt")).isTrue();
            listed.add(item.path("poolId").asText());
            token = page.json().path("nextPageToken").asText(null);
            pages++;
            assertThat(pages).as("paging must end").isLessThan(1000);
        } while (token != null);

        assertThat(listed).doesNotHaveDuplicates();
        assertThat(listed.subList(listed.size() - 3, listed.size())).containsExactlyElementsOf(ours);
        TestApi.Response all = admin.get(POOLS + "?pageSize=200");
        assertThat(all.json().path("items")).hasSize(listed.size());
        assertThat(all.json().has("nextPageToken")).isFalse();
    }

    private static final String GB_ONLY = "\"smsCountries\":[\"GB\"]";

    // --- warnings -----------------------------------------------------------------------------------------------

    @Test
    void createWhenSmsIsOnlyFactorThenWarningSmsOnlyFactor() {
        TestApi.Response created = admin.post(POOLS, pool("Sms only", "OPTIONAL", SMS_ON, SENDER, GB_ONLY));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode warnings = created.json().path("mfaConfig").path("warnings");
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).path("code").asText()).isEqualTo("SmsOnlyFactor");
        assertThat(warnings.get(0).path("message").asText()).contains("TOTP");
    }

    @Test
    void putWhenSmsIsOnlyFactorThenWarningSmsOnlyFactorAndWarningGoneWithTotp() {
        String poolId = createPool(admin, pool("Sms later", "OFF"));

        TestApi.Response smsOnly = admin.put(mfaConfigPath(poolId), config("OPTIONAL", SMS_ON, SENDER, GB_ONLY));
        assertThat(smsOnly.status()).as(smsOnly.toString()).isEqualTo(200);
        assertThat(smsOnly.json().path("warnings").get(0).path("code").asText()).isEqualTo("SmsOnlyFactor");
        assertThat(admin.get(mfaConfigPath(poolId)).json().path("warnings").get(0).path("code").asText())
                .isEqualTo("SmsOnlyFactor");

        TestApi.Response both = admin.put(mfaConfigPath(poolId), config("OPTIONAL", SMS_ON, TOTP_ON, SENDER, GB_ONLY));
        assertThat(both.status()).isEqualTo(200);
        assertThat(both.json().path("warnings")).isEmpty();
    }

    @Test
    void aPoolThatCanTextWithoutAnSmsCountryListIsWarnedThatItTextsEveryCountry() {
        TestApi.Response created = admin.post(POOLS, pool("Texts anywhere", "OPTIONAL", TOTP_ON, SENDER));
        JsonNode warnings = created.json().path("mfaConfig").path("warnings");
        assertThat(warnings.findValuesAsText("code")).containsExactly("SmsToEveryCountry");
        assertThat(warnings.get(0).path("message").asText()).contains("smsCountries");
        assertThat(admin.post(POOLS, pool("Texts nowhere", "OPTIONAL", TOTP_ON)).json().path("mfaConfig")
                .path("warnings")).isEmpty();
    }

    // --- changes ------------------------------------------------------------------------------------------------

    @Test
    void putWhenValidChangeThenNewVersionEtagAndReadYourWrite() {
        String poolId = createPool(admin, pool("Change me", "OFF"));
        clock.advance(Duration.ofSeconds(30));
        Instant changedAt = clock.instant();
        long before = events.eventCount();

        TestApi.Response put = admin.put(mfaConfigPath(poolId), config("OPTIONAL", TOTP_ON));

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.header("ETag")).isEqualTo("\"1\"");
        assertThat(put.json().path("version").asLong()).isEqualTo(1);
        assertThat(put.json().path("changed").asBoolean()).isTrue();
        assertThat(Instant.parse(put.json().path("validFrom").asText())).isEqualTo(changedAt);
        assertThat(events.eventCount()).isEqualTo(before + 1);
        TestApi.Response read = admin.get(mfaConfigPath(poolId));
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.json().path("mfaMode").asText()).isEqualTo("OPTIONAL");
        assertThat(read.json().path("totpMfa").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void putWhenRequiredPoolChangesFactorsThenAllowed() {
        String poolId = createPool(admin, pool("Strict factors", "REQUIRED", TOTP_ON));

        TestApi.Response put = admin.put(mfaConfigPath(poolId), config("REQUIRED", SMS_ON, TOTP_ON, SENDER));

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().path("mfaMode").asText()).isEqualTo("REQUIRED");
        assertThat(put.json().path("smsMfa").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void putWhenIntoRequiredThenConflictMfaRequiredOnlyAtCreationAndNothingAppended() {
        String poolId = createPool(admin, pool("No upgrade", "OPTIONAL", TOTP_ON));
        long before = events.eventCount();

        TestApi.Response put = admin.put(mfaConfigPath(poolId), config("REQUIRED", TOTP_ON));

        JsonNode problem = assertProblem(put, 409, "MfaRequiredOnlyAtCreation");
        assertThat(problem.path("detail").asText())
                .isEqualTo("Cannot turn MFA functionality ON, once the user pool has been created.")
                .isEqualTo(PoolRules.REQUIRED_ONLY_AT_CREATION);
        assertThat(events.eventCount()).isEqualTo(before);
        assertUnchanged(poolId, 0, "OPTIONAL");
    }

    @Test
    void putWhenOffIntoRequiredThenConflictMfaRequiredOnlyAtCreationAndNothingAppended() {
        String poolId = createPool(admin, pool("Off no upgrade", "OFF"));
        long before = events.eventCount();

        TestApi.Response put = admin.put(mfaConfigPath(poolId), config("REQUIRED", TOTP_ON));

        assertProblem(put, 409, "MfaRequiredOnlyAtCreation");
        assertThat(events.eventCount()).isEqualTo(before);
        assertUnchanged(poolId, 0, "OFF");
    }

    @Test
    void putWhenOptionalWithoutFactorThenConflictNoMfaFactorEnabledAndNothingAppended() {
        String poolId = createPool(admin, pool("No factor", "OFF"));
        long before = events.eventCount();

        TestApi.Response put = admin.put(mfaConfigPath(poolId), config("OPTIONAL"));

        JsonNode problem = assertProblem(put, 409, "NoMfaFactorEnabled");
        assertThat(problem.path("detail").asText()).isEqualTo(
                "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.");
        assertThat(events.eventCount()).isEqualTo(before);
        assertUnchanged(poolId, 0, "OFF");
    }

    @Test
    void createWhenOptionalWithoutFactorThenConflictNoMfaFactorEnabledAndNothingAppended() {
        long before = events.eventCount();

        TestApi.Response created = admin.post(POOLS, pool("No factor at all", "OPTIONAL"));

        JsonNode problem = assertProblem(created, 409, "NoMfaFactorEnabled");
        assertThat(problem.path("detail").asText()).isEqualTo(PoolRules.NO_FACTOR_ENABLED);
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void putWhenSmsWithoutSenderThenConflictSmsSenderRequiredAndNothingAppended() {
        String poolId = createPool(admin, pool("No sender", "OPTIONAL", TOTP_ON));
        long before = events.eventCount();

        TestApi.Response put = admin.put(mfaConfigPath(poolId), config("OPTIONAL", SMS_ON, TOTP_ON));

        JsonNode problem = assertProblem(put, 409, "SmsSenderRequired");
        assertThat(problem.path("detail").asText()).contains("smsSender");
        assertThat(events.eventCount()).isEqualTo(before);
        assertUnchanged(poolId, 0, "OPTIONAL");
    }

    @Test
    void putWhenAdaptiveWithModeOffThenConflictAdaptiveRequiresOptionalMfaAndNothingAppended() {
        String poolId = createPool(admin, pool("Adaptive off", "OFF"));
        long before = events.eventCount();

        TestApi.Response put = admin.put(mfaConfigPath(poolId), config("OFF", TOTP_ON, ADAPTIVE_ON));

        assertProblem(put, 409, "AdaptiveAuthenticationRequiresOptionalMfa");
        assertThat(events.eventCount()).isEqualTo(before);
        assertUnchanged(poolId, 0, "OFF");
    }

    @Test
    void putWhenLeavingOptionalWhileAdaptiveOnThenConflictAdaptiveActiveAndNothingAppended() {
        String poolId = createPool(admin, pool("Adaptive on", "OPTIONAL", TOTP_ON, ADAPTIVE_ON));
        long before = events.eventCount();

        TestApi.Response put = admin.put(mfaConfigPath(poolId), config("OFF", TOTP_ON));

        assertProblem(put, 409, "AdaptiveAuthenticationActive");
        assertThat(events.eventCount()).isEqualTo(before);
        assertUnchanged(poolId, 0, "OPTIONAL");
        assertThat(admin.get(mfaConfigPath(poolId)).json().path("adaptiveAuthentication").path("enabled")
                .asBoolean()).isTrue();
    }

    @Test
    void putWhenIdenticalConfigurationThenOkUnchangedAndNothingAppended() {
        String poolId = createPool(admin, pool("Same again", "OPTIONAL", TOTP_ON));
        long before = events.eventCount();

        TestApi.Response put = admin.put(mfaConfigPath(poolId), config("OPTIONAL", TOTP_ON));

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().path("changed").isBoolean()).isTrue();
        assertThat(put.json().path("changed").asBoolean()).isFalse();
        assertThat(put.json().path("version").asLong()).isZero();
        assertThat(put.header("ETag")).isEqualTo("\"0\"");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    @Test
    void putWhenIfMatchIsStaleThenPreconditionFailedVersionMismatchAndNothingAppended() {
        String poolId = createPool(admin, pool("Stale", "OFF"));
        TestApi.Response first = admin.put(mfaConfigPath(poolId), config("OPTIONAL", TOTP_ON));
        assertThat(first.header("ETag")).isEqualTo("\"1\"");
        long before = events.eventCount();

        TestApi.Response stale = admin.header("If-Match", "\"0\"")
                .put(mfaConfigPath(poolId), config("OPTIONAL", SMS_ON, TOTP_ON, SENDER));

        assertProblem(stale, 412, "VersionMismatch");
        assertThat(events.eventCount()).isEqualTo(before);
        assertUnchanged(poolId, 1, "OPTIONAL");
        assertThat(admin.get(mfaConfigPath(poolId)).json().path("smsMfa").path("enabled").asBoolean()).isFalse();
    }

    @Test
    void putWhenIfMatchIsCurrentThenOkAndNewEtag() {
        String poolId = createPool(admin, pool("Current", "OFF"));
        String etag = admin.get(mfaConfigPath(poolId)).header("ETag");
        long before = events.eventCount();

        TestApi.Response put = admin.header("If-Match", etag).put(mfaConfigPath(poolId), config("OPTIONAL", TOTP_ON));

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.header("ETag")).isEqualTo("\"1\"");
        assertThat(events.eventCount()).isEqualTo(before + 1);
    }

    @Test
    void putWhenGetResponseSentBackVerbatimThenAcceptedAndReadOnlyFieldsIgnored() {
        String poolId = createPool(admin, pool("Round trip", "OPTIONAL", SMS_ON, SENDER));
        TestApi.Response read = admin.get(mfaConfigPath(poolId));
        JsonNode document = read.json();
        // The GET document carries every read-only field: poolId, version, validFrom, warnings, adaptive.enforced.
        assertThat(document.has("poolId")).isTrue();
        assertThat(document.has("version")).isTrue();
        assertThat(document.has("validFrom")).isTrue();
        assertThat(document.path("warnings")).isNotEmpty();
        assertThat(document.path("adaptiveAuthentication").has("enforced")).isTrue();
        long before = events.eventCount();

        TestApi.Response put = admin.header("If-Match", read.header("ETag")).put(mfaConfigPath(poolId), read.body());

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().path("changed").asBoolean()).isFalse();
        assertThat(events.eventCount()).isEqualTo(before);

        String edited = read.body().replace("\"totpMfa\":{\"enabled\":false}", "\"totpMfa\":{\"enabled\":true}");
        assertThat(edited).isNotEqualTo(read.body());
        TestApi.Response editedPut = admin.put(mfaConfigPath(poolId), edited);
        assertThat(editedPut.status()).as(editedPut.toString()).isEqualTo(200);
        assertThat(editedPut.json().path("changed").asBoolean()).isTrue();
        assertThat(editedPut.json().path("totpMfa").path("enabled").asBoolean()).isTrue();
        assertThat(events.eventCount()).isEqualTo(before + 1);
    }

    @Test
    void putWhenAsOfDocumentSentBackThenRefusedUnlessIfMatchAnyRestoresIt() {
        String poolId = createPool(admin, pool("Old document", "OFF"));
        Instant firstVersion = clock.instant();
        clock.advance(Duration.ofMinutes(5));
        admin.put(mfaConfigPath(poolId), config("OPTIONAL", TOTP_ON));
        TestApi.Response old = admin.get(mfaConfigPath(poolId) + "?asOf=" + firstVersion);
        assertThat(old.json().has("validTo")).isTrue();

        assertProblem(admin.put(mfaConfigPath(poolId), old.body()), 412, "VersionMismatch");
        TestApi.Response put = admin.header("If-Match", "*").put(mfaConfigPath(poolId), old.body());

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().path("mfaMode").asText()).isEqualTo("OFF");
    }

    // --- unknown and malformed pools ----------------------------------------------------------------------------

    @Test
    void getWhenPoolUnknownThenNotFoundPoolNotFound() {
        assertProblem(admin.get(POOLS + "/" + UNKNOWN_POOL), 404, "PoolNotFound");
        assertProblem(admin.get(mfaConfigPath(UNKNOWN_POOL)), 404, "PoolNotFound");
        assertProblem(admin.get(mfaConfigPath(UNKNOWN_POOL) + "?asOf=2026-03-01T09:00:00Z"), 404, "PoolNotFound");
    }

    @Test
    void putWhenPoolUnknownThenNotFoundPoolNotFoundAndNothingAppended() {
        long before = events.eventCount();

        TestApi.Response put = admin.put(mfaConfigPath(UNKNOWN_POOL), config("OPTIONAL", TOTP_ON));

        assertProblem(put, 404, "PoolNotFound");
        assertThat(events.eventCount()).isEqualTo(before);
        assertProblem(admin.get(POOLS + "/" + UNKNOWN_POOL), 404, "PoolNotFound");
    }

    @Test
    void getWhenPoolIdMalformedThenBadRequestInvalidParameter() {
        JsonNode problem = assertProblem(admin.get(POOLS + "/not-a-pool-id"), 400, "InvalidParameter");
        assertThat(problem.path("detail").asText()).startsWith("poolId");
        assertProblem(admin.get(mfaConfigPath("not-a-pool-id")), 400, "InvalidParameter");
        assertProblem(admin.get(mfaConfigPath("us-east-1_" + "A".repeat(60))), 400, "InvalidParameter");
    }

    @Test
    void putWhenPoolIdMalformedThenBadRequestInvalidParameterAndNothingAppended() {
        long before = events.eventCount();

        TestApi.Response put = admin.put(mfaConfigPath("us-east-1_bad!id"), config("OPTIONAL", TOTP_ON));

        JsonNode problem = assertProblem(put, 400, "InvalidParameter");
        assertThat(problem.path("detail").asText()).startsWith("poolId");
        assertThat(events.eventCount()).isEqualTo(before);
    }

    private void assertUnchanged(String poolId, long version, String mode) {
        TestApi.Response read = admin.get(mfaConfigPath(poolId));
        assertThat(read.header("ETag")).isEqualTo("\"" + version + "\"");
        assertThat(read.json().path("mfaMode").asText()).isEqualTo(mode);
    }
}
