package com.authledger.pool;

import com.authledger.pool.api.ChangePasswordPolicy;
import com.authledger.pool.api.ConfigurePoolMfa;
import com.authledger.pool.api.CreatePool;
import com.authledger.pool.api.MfaSettings;
import com.authledger.pool.api.PasswordPolicySettings;
import com.authledger.pool.api.PoolMfaConfigured;
import com.authledger.pool.api.PoolPasswordPolicyChanged;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.InvalidInput;
import com.authledger.support.MutableClock;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static com.authledger.pool.PoolFixtures.POOL_ID;
import static com.authledger.pool.PoolFixtures.T0;
import static com.authledger.pool.PoolFixtures.created;
import static com.authledger.pool.PoolFixtures.off;
import static com.authledger.pool.PoolFixtures.smsAndTotp;
import static com.authledger.pool.PoolFixtures.totpOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pool's password policy on the UserPool aggregate alone: set at creation, replaced later, versioned apart. */
class UserPoolPasswordPolicyTest {

    private static final PasswordPolicy LENIENT = new PasswordPolicy(6, false, true, false, false);
    private static final PasswordPolicy STRICT = new PasswordPolicy(14, true, true, true, true);

    private AggregateTestFixture<UserPool> fixture;
    private final MutableClock clock = new MutableClock(T0);

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(UserPool.class);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource((UserNotifier) (poolId, poolName, before, after) -> 0);
        fixture.registerInjectableResource((PoolMembers) poolId -> 0);
        fixture.registerInjectableResource((PoolSigningKeys) poolId -> 0);
    }

    private static PasswordPolicySettings stored(PasswordPolicy policy) {
        return PasswordPolicySettings.of(policy);
    }

    private static PoolPasswordPolicyChanged changed(PasswordPolicy policy, Instant at) {
        return new PoolPasswordPolicyChanged(POOL_ID, stored(policy), at);
    }

    private static MfaConfiguration withDefaultTemplate(MfaConfiguration mfa) {
        return mfa.withSmsMessageOrElse(SmsMfa.DEFAULT_MESSAGE);
    }

    @Nested
    class AtCreation {

        @Test
        void createWithoutPolicyThenTheDefaultsAreStoredAndReturned() {
            fixture.givenNoPriorActivity()
                    .when(new CreatePool(POOL_ID, "Test pool", off(), null, null))
                    .expectEvents(created(off(), VerificationSettings.defaults(), stored(PasswordPolicy.defaults())))
                    .expectResultMessagePayload(new PoolDescription(POOL_ID, "Test pool", T0,
                            VerificationSettings.defaults(),
                            new MfaConfigurationChange(POOL_ID, 0, withDefaultTemplate(off()), T0, true),
                            PasswordPolicy.defaults()));
        }

        @Test
        void createWithPolicyThenItIsStoredAndReturned() {
            fixture.givenNoPriorActivity()
                    .when(new CreatePool(POOL_ID, "Test pool", off(), null, LENIENT))
                    .expectEvents(created(off(), VerificationSettings.defaults(), stored(LENIENT)))
                    .expectResultMessagePayload(new PoolDescription(POOL_ID, "Test pool", T0,
                            VerificationSettings.defaults(),
                            new MfaConfigurationChange(POOL_ID, 0, withDefaultTemplate(off()), T0, true), LENIENT));
        }

        @Test
        void commandRefusesAMinimumLengthOutsideSixTo99BeforeThePoolSeesIt() {
            for (int length : new int[]{Integer.MIN_VALUE, -1, 0, 5, 100, 256, Integer.MAX_VALUE}) {
                assertThatThrownBy(() -> new CreatePool(POOL_ID, "Test pool", off(), null,
                        new PasswordPolicy(length, true, true, true, true)))
                        .isExactlyInstanceOf(InvalidInput.class)
                        .hasMessage("passwordPolicy.minimumLength must be 6 to 99");
            }
            assertThat(new CreatePool(POOL_ID, "Test pool", off(), null, new PasswordPolicy(6, true, true, true, true))
                    .passwordPolicy().minimumLength()).isEqualTo(6);
            assertThat(new CreatePool(POOL_ID, "Test pool", off(), null,
                    new PasswordPolicy(99, true, true, true, true)).passwordPolicy().minimumLength()).isEqualTo(99);
        }
    }

    @Nested
    class Changes {

        @Test
        void changeThenPolicyChangedWithTheNewVersion() {
            Instant later = clock.advance(Duration.ofMinutes(3));
            fixture.given(created(off()))
                    .when(new ChangePasswordPolicy(POOL_ID, STRICT))
                    .expectEvents(changed(STRICT, later))
                    .expectResultMessagePayload(new PasswordPolicyChange(POOL_ID, 1, STRICT, true));
        }

        @Test
        void identicalPolicyAppendsNothing() {
            fixture.given(created(off(), VerificationSettings.defaults(), stored(LENIENT)))
                    .when(new ChangePasswordPolicy(POOL_ID, LENIENT))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(new PasswordPolicyChange(POOL_ID, 0, LENIENT, false));
        }

        @Test
        void identicalToAnEarlierChangeAppendsNothingAndKeepsThatChangesVersion() {
            fixture.given(created(off()), changed(STRICT, T0), new PoolMfaConfigured(POOL_ID,
                            MfaSettings.of(withDefaultTemplate(totpOnly(MfaMode.OPTIONAL))), T0))
                    .when(new ChangePasswordPolicy(POOL_ID, STRICT))
                    .expectNoEvents()
                    .expectResultMessagePayload(new PasswordPolicyChange(POOL_ID, 1, STRICT, false));
        }

        @Test
        void changeBackToTheDefaultsIsAChange() {
            fixture.given(created(off()), changed(STRICT, T0))
                    .when(new ChangePasswordPolicy(POOL_ID, PasswordPolicy.defaults()))
                    .expectEvents(changed(PasswordPolicy.defaults(), T0))
                    .expectResultMessagePayload(new PasswordPolicyChange(POOL_ID, 2, PasswordPolicy.defaults(),
                            true));
        }

        @Test
        void commandRefusesAMissingOrInvalidPolicyBeforeThePoolSeesIt() {
            assertThatThrownBy(() -> new ChangePasswordPolicy(POOL_ID, null))
                    .isExactlyInstanceOf(InvalidInput.class).hasMessage("passwordPolicy is required");
            assertThatThrownBy(() -> new ChangePasswordPolicy(POOL_ID, new PasswordPolicy(5, true, true, true, true)))
                    .isExactlyInstanceOf(InvalidInput.class)
                    .satisfies(e -> assertThat(((InvalidInput) e).field()).isEqualTo("passwordPolicy.minimumLength"))
                    .satisfies(e -> assertThat(((InvalidInput) e).code()).isEqualTo(ErrorCode.InvalidParameter));
            assertThatThrownBy(() -> new ChangePasswordPolicy(POOL_ID, new PasswordPolicy(100, true, true, true,
                    true))).isExactlyInstanceOf(InvalidInput.class);
        }

        @Test
        void unknownPoolThenNotFound() {
            fixture.givenNoPriorActivity()
                    .when(new ChangePasswordPolicy(POOL_ID, STRICT))
                    .expectException(AggregateNotFoundException.class);
        }
    }

    /** Events stored before pools had a password policy: their PoolCreated holds none, which means the defaults. */
    @Nested
    class PoolsFromBeforePasswordPolicies {

        @Test
        void theDefaultsThenAppendNothing() {
            fixture.given(created(smsAndTotp(MfaMode.OPTIONAL), VerificationSettings.defaults(), null))
                    .when(new ChangePasswordPolicy(POOL_ID, PasswordPolicy.defaults()))
                    .expectNoEvents()
                    .expectResultMessagePayload(new PasswordPolicyChange(POOL_ID, 0, PasswordPolicy.defaults(),
                            false));
        }

        @Test
        void anotherPolicyThenChanged() {
            fixture.given(created(smsAndTotp(MfaMode.OPTIONAL), VerificationSettings.defaults(), null))
                    .when(new ChangePasswordPolicy(POOL_ID, LENIENT))
                    .expectEvents(changed(LENIENT, T0))
                    .expectResultMessagePayload(new PasswordPolicyChange(POOL_ID, 1, LENIENT, true));
        }

        @Test
        void storedSettingsWithoutAPolicyMeanTheDefaults() {
            assertThat(PasswordPolicySettings.toPolicyOrDefaults(null)).isEqualTo(PasswordPolicy.defaults());
            assertThat(PasswordPolicySettings.toPolicyOrDefaults(stored(LENIENT))).isEqualTo(LENIENT);
        }
    }

    /** The MFA configuration's version (its ETag) and the password policy's are the events that set each. */
    @Nested
    class Versions {

        @Test
        void aPolicyChangeLeavesTheMfaVersionSoAnIfMatchReadBeforeItStillHolds() {
            fixture.given(created(totpOnly(MfaMode.OPTIONAL)), changed(STRICT, T0))
                    .when(new ConfigurePoolMfa(POOL_ID, smsAndTotp(MfaMode.OPTIONAL), 0L))
                    .expectEvents(new PoolMfaConfigured(POOL_ID,
                            MfaSettings.of(withDefaultTemplate(smsAndTotp(MfaMode.OPTIONAL))), T0))
                    .expectResultMessagePayload(new MfaConfigurationChange(POOL_ID, 2,
                            withDefaultTemplate(smsAndTotp(MfaMode.OPTIONAL)), T0, true));
        }

        @Test
        void theSequenceNumberOfAPolicyChangeIsNoMfaVersion() {
            fixture.given(created(totpOnly(MfaMode.OPTIONAL)), changed(STRICT, T0))
                    .when(new ConfigurePoolMfa(POOL_ID, smsAndTotp(MfaMode.OPTIONAL), 1L))
                    .expectNoEvents()
                    .expectException(RuleViolationWithCode.of(ErrorCode.VersionMismatch));
        }

        @Test
        void anUnchangedMfaConfigurationAfterAPolicyChangeAnswersItsOwnVersion() {
            fixture.given(created(totpOnly(MfaMode.OPTIONAL)), changed(STRICT, T0))
                    .when(new ConfigurePoolMfa(POOL_ID, totpOnly(MfaMode.OPTIONAL), null))
                    .expectNoEvents()
                    .expectResultMessagePayload(new MfaConfigurationChange(POOL_ID, 0,
                            withDefaultTemplate(totpOnly(MfaMode.OPTIONAL)), T0, false));
        }

        @Test
        void aPolicyChangeAfterMfaChangesTakesTheNextSequenceNumber() {
            fixture.given(created(off()), new PoolMfaConfigured(POOL_ID,
                            MfaSettings.of(withDefaultTemplate(totpOnly(MfaMode.OPTIONAL))), T0))
                    .when(new ChangePasswordPolicy(POOL_ID, LENIENT))
                    .expectResultMessagePayload(new PasswordPolicyChange(POOL_ID, 2, LENIENT, true));
        }
    }

    /** Matches a refusal's stable code. */
    private static final class RuleViolationWithCode {
        static org.hamcrest.Matcher<? super Throwable> of(ErrorCode code) {
            return new org.hamcrest.FeatureMatcher<Throwable, ErrorCode>(org.hamcrest.Matchers.equalTo(code),
                    "error code", "code") {
                @Override
                protected ErrorCode featureValueOf(Throwable actual) {
                    return actual instanceof com.authledger.shared.AuthledgerException e ? e.code() : null;
                }
            };
        }
    }
}
