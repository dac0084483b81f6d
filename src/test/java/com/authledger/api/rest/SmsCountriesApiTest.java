package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
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

import static com.authledger.api.rest.RestFixtures.SENDER;
import static com.authledger.api.rest.RestFixtures.SMS_ON;
import static com.authledger.api.rest.RestFixtures.TOTP_ON;
import static com.authledger.api.rest.RestFixtures.assertProblem;
import static com.authledger.api.rest.RestFixtures.mfaConfigPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool's SMS country list: part of the configuration document, validated, audited; a code to a number outside it
 * is refused (CodeDeliveryFailure) with nothing appended or sent; a verified number outside a new list stays, but
 * sign-in treats SMS as not offered to it (ADR 8). Through Cognito's protocol: CognitoSmsCountriesTest.
 */
@IntegrationTest
class SmsCountriesApiTest {

    /** A London number and a Washington one (libphonenumber reads them as GB and US). */
    private static final String GB_PHONE = "+442071838750";
    private static final String US_PHONE = "+12025550143";
    private static final String GB_ONLY = "\"smsCountries\":[\"gb\"]";

    @LocalServerPort
    int port;

    @Autowired
    DevelopmentOutbox outbox;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcTemplate jdbc;

    TestApi api;
    EventStoreProbe events;

    @BeforeEach
    void setUp() {
        api = TestApi.admin(port);
        events = new EventStoreProbe(jdbc);
    }

    private String pool(String mode, String... members) {
        return SignInFixtures.pool(api, "Countries", mode, members);
    }

    @Test
    void theListIsPartOfTheConfigurationDocumentValidatedAuditedAndWarnedAboutWhenUnset() {
        String poolId = pool("OPTIONAL", SMS_ON, TOTP_ON, SENDER);
        JsonNode unset = api.get(mfaConfigPath(poolId)).json();
        assertThat(unset.has("smsCountries")).isFalse();
        assertThat(unset.path("warnings").findValuesAsText("code")).contains("SmsToEveryCountry");

        TestApi.Response listed = api.put(mfaConfigPath(poolId), RestFixtures.config("OPTIONAL", SMS_ON, TOTP_ON,
                SENDER, "\"smsCountries\":[\"gb\",\"IE\",\"GB\"]"));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.json().path("smsCountries").toString()).isEqualTo("[\"GB\",\"IE\"]");
        assertThat(listed.json().path("warnings").findValuesAsText("code")).doesNotContain("SmsToEveryCountry");
        JsonNode history = api.get(RestFixtures.historyPath(poolId)).json().path("items");
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.path("after").path("smsCountries").toString()).isEqualTo("[\"GB\",\"IE\"]");
        assertThat(last.path("before").has("smsCountries")).isFalse();
        long version = listed.json().path("version").asLong();
        long before = events.eventCount();

        for (String bad : new String[]{"[]", "[\"XX\"]", "[\"GBR\"]", "[null]", "\"GB\"", "[\"001\"]"}) {
            TestApi.Response refused = api.put(mfaConfigPath(poolId), RestFixtures.config("OPTIONAL", SMS_ON,
                    TOTP_ON, SENDER, "\"smsCountries\":" + bad));
            assertThat(refused.status()).as(bad + ": " + refused).isEqualTo(400);
            assertThat(refused.body()).as(bad).contains("smsCountries");
        }
        assertThat(events.eventCount()).as("nothing appended").isEqualTo(before);
        assertThat(api.get(mfaConfigPath(poolId)).json().path("version").asLong()).isEqualTo(version);

        // the document written back without the list allows every country again
        TestApi.Response cleared = api.put(mfaConfigPath(poolId), RestFixtures.config("OPTIONAL", SMS_ON, TOTP_ON,
                SENDER));
        assertThat(cleared.json().has("smsCountries")).isFalse();
    }

    @Test
    void aCodeToANumberOutsideTheListIsRefusedWithNothingAppendedOrSent() {
        String poolId = pool("OPTIONAL", SMS_ON, TOTP_ON, SENDER, GB_ONLY);
        UserFixtures.createUser(api, poolId, "abroad", "\"phoneNumber\":\"" + US_PHONE + "\"");
        long before = events.eventCount();
        int sent = outbox.messages().size();

        JsonNode refused = assertProblem(api.post(UserFixtures.user(poolId, "abroad")
                + "/attribute-verification-code", "{\"attribute\":\"phone_number\"}"), 400, "CodeDeliveryFailure");
        assertThat(refused.path("detail").asText())
                .isEqualTo("This pool sends no text messages to numbers of US (its SMS countries are GB): no code "
                        + "was sent. Use another phone number or factor.");
        assertThat(events.eventCount()).isEqualTo(before);
        assertThat(outbox.messages()).hasSize(sent);

        UserFixtures.userWithVerifiedPhone(api, outbox, poolId, "athome", GB_PHONE);
    }

    @Test
    void aVerifiedNumberOutsideANewListStaysButSignInFallsBackAsWhenThePoolDropsSms() {
        String poolId = pool("OPTIONAL", SMS_ON, TOTP_ON, SENDER);
        String clientId = SignInFixtures.client(api, poolId);
        SignInFixtures.smsUser(api, poolId, "sam", US_PHONE);
        SignInFixtures.smsUser(api, poolId, "gwen", GB_PHONE);
        SignInFixtures.smsUser(api, poolId, "tess", US_PHONE);
        SignInFixtures.enrolTotp(api, clock, poolId, "tess");
        assertThat(SignInFixtures.challenge(SignInFixtures.initiate(api, poolId, clientId, "sam",
                UserFixtures.PASSWORD), "SMS_MFA")).isNotBlank();

        TestApi.Response listed = api.put(mfaConfigPath(poolId), RestFixtures.config("OPTIONAL", SMS_ON, TOTP_ON,
                SENDER, GB_ONLY));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        long usSms = SignInFixtures.smsCount(outbox, US_PHONE);

        // the number and the enrolment stay; SMS is not usable for it, so the password alone (OPTIONAL) or TOTP
        JsonNode sam = api.get(UserFixtures.user(poolId, "sam")).json();
        assertThat(sam.path("attributes").path("phoneNumber").asText()).isEqualTo(US_PHONE);
        assertThat(sam.path("mfa").path("sms").path("enabled").asBoolean()).isTrue();
        assertThat(sam.path("signIn").path("step").asText()).isEqualTo("PASSWORD_ONLY");
        SignInFixtures.tokens(SignInFixtures.initiate(api, poolId, clientId, "sam", UserFixtures.PASSWORD));
        assertThat(SignInFixtures.challenge(SignInFixtures.initiate(api, poolId, clientId, "tess",
                UserFixtures.PASSWORD), "SOFTWARE_TOKEN_MFA")).isNotBlank();
        assertThat(SignInFixtures.smsCount(outbox, US_PHONE)).as("no SMS to the US").isEqualTo(usSms);
        // a number inside the list goes on as before
        assertThat(SignInFixtures.challenge(SignInFixtures.initiate(api, poolId, clientId, "gwen",
                UserFixtures.PASSWORD), "SMS_MFA")).isNotBlank();

        // a REQUIRED pool asks the user to set up a factor, offering no SMS to a number it cannot text
        String required = pool("REQUIRED", SMS_ON, TOTP_ON, SENDER, GB_ONLY);
        String requiredClient = SignInFixtures.client(api, required);
        SignInFixtures.confirmedUser(api, required, "rick", "\"phoneNumber\":\"" + US_PHONE + "\"",
                "\"phoneNumberVerified\":true");
        TestApi.Response setUp = SignInFixtures.initiate(api, required, requiredClient, "rick",
                UserFixtures.PASSWORD);
        SignInFixtures.challenge(setUp, "MFA_SETUP");
        assertThat(setUp.json().path("challengeParameters").path("MFAS_CAN_SETUP").asText())
                .contains("SOFTWARE_TOKEN_MFA").doesNotContain("SMS_MFA");
    }
}
