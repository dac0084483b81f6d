package com.authledger.pool.read;

import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.MfaMode;
import com.authledger.pool.PasswordPolicy;
import com.authledger.pool.PoolContext;
import com.authledger.pool.PoolDirectory;
import com.authledger.pool.SmsMfa;
import com.authledger.pool.SmsSender;
import com.authledger.pool.VerificationSettings;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pool directory on the pool projection: a pool's current MFA configuration, verification and password policy. */
@IntegrationTest
class PoolDirectoryTest {

    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/authledger-sms";
    private static final String SENDER = "\"smsSender\":{\"credentialsRef\":\"" + ROLE_ARN
            + "\",\"externalId\":\"ext-1\",\"region\":\"eu-west-1\"}";

    @LocalServerPort
    int port;
    @Autowired
    PoolDirectory directory;
    @Autowired
    MutableClock clock;

    private TestApi admin() {
        return TestApi.admin(port);
    }

    private String create(String body) {
        TestApi.Response created = admin().post("/api/v1/pools", body);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.json().path("poolId").asText();
    }

    private void put(String path, String body) {
        clock.advance(Duration.ofSeconds(5));
        TestApi.Response changed = admin().put(path, body);
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
    }

    @Test
    void aPoolIsFoundWithEverythingItWasCreatedWith() {
        String poolId = create("""
                {"name":"Directory shop","mfaMode":"OPTIONAL","totpMfa":{"enabled":true},
                 "smsMfa":{"enabled":true,"message":"Shop code {####}"},%s,
                 "verification":{"autoVerifiedAttributes":["phone_number","email"],"smsMessage":"Verify {####}",
                                 "emailMessage":"<p>Verify {####}</p>"},
                 "passwordPolicy":{"minimumLength":10,"requireUppercase":false,"requireLowercase":true,
                                   "requireNumbers":true,"requireSymbols":false}}
                """.formatted(SENDER));

        PoolContext context = directory.pool(poolId).orElseThrow();

        SmsSender sender = new SmsSender(ROLE_ARN, "ext-1", "eu-west-1");
        assertThat(context).isEqualTo(new PoolContext(poolId, "Directory shop",
                new MfaConfiguration(MfaMode.OPTIONAL, new SmsMfa(true, "Shop code {####}"), true, false, sender),
                new VerificationSettings(List.of("email", "phone_number"), "Verify {####}", "<p>Verify {####}</p>"),
                new PasswordPolicy(10, false, true, true, false)));
        assertThat(context.srpPoolName()).isEqualTo(poolId.substring(poolId.indexOf('_') + 1));
        assertThat(context.supportsSms()).isTrue();
        assertThat(context.supportsTotp()).isTrue();
        assertThat(context.canSendSms()).isTrue();
        assertThat(context.verification().verifiesPhoneNumbers()).isTrue();
    }

    @Test
    void aPoolCreatedWithDefaultsHasTheDefaults() {
        String poolId = create("{\"name\":\"Directory plain\",\"mfaMode\":\"OFF\"}");

        PoolContext context = directory.pool(poolId).orElseThrow();

        assertThat(context.passwordPolicy()).isEqualTo(PasswordPolicy.defaults());
        assertThat(context.verification()).isEqualTo(VerificationSettings.defaults());
        assertThat(context.mfa()).isEqualTo(new MfaConfiguration(MfaMode.OFF,
                new SmsMfa(false, SmsMfa.DEFAULT_MESSAGE), false, false, null));
        assertThat(context.supportsSms()).isFalse();
        assertThat(context.supportsTotp()).isFalse();
        assertThat(context.canSendSms()).isFalse();
    }

    @Test
    void theCurrentConfigurationAndPolicyAfterChangesOfBoth() {
        String poolId = create("{\"name\":\"Directory changing\",\"mfaMode\":\"OFF\"}");
        String mfaPath = "/api/v1/pools/" + poolId + "/mfa-config";
        String policyPath = "/api/v1/pools/" + poolId + "/password-policy";

        put(mfaPath, "{\"mfaMode\":\"OPTIONAL\",\"totpMfa\":{\"enabled\":true}}");
        put(policyPath, "{\"minimumLength\":12,\"requireUppercase\":true,\"requireLowercase\":true,"
                + "\"requireNumbers\":false,\"requireSymbols\":false}");
        put(mfaPath, "{\"mfaMode\":\"OPTIONAL\",\"totpMfa\":{\"enabled\":true},\"smsMfa\":{\"enabled\":true},"
                + SENDER + "}");
        put(policyPath, "{\"minimumLength\":16,\"requireUppercase\":true,\"requireLowercase\":true,"
                + "\"requireNumbers\":false,\"requireSymbols\":false}");

        PoolContext context = directory.pool(poolId).orElseThrow();

        assertThat(context.passwordPolicy()).isEqualTo(new PasswordPolicy(16, true, true, false, false));
        assertThat(context.mfa()).isEqualTo(new MfaConfiguration(MfaMode.OPTIONAL,
                new SmsMfa(true, SmsMfa.DEFAULT_MESSAGE), true, false, new SmsSender(ROLE_ARN, "ext-1", "eu-west-1")));
        assertThat(context.supportsSms()).isTrue();
    }

    @Test
    void anUnknownPoolIsNotFound() {
        assertThat(directory.pool("us-east-1_Zz9Zz9Zz9")).isEmpty();
        assertThat(directory.pool("not a pool id")).isEmpty();
        assertThat(directory.pool("")).isEmpty();
        assertThat(directory.pool(null)).isEmpty();
    }
}
