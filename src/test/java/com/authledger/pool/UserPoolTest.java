package com.authledger.pool;

import com.authledger.pool.api.ConfigurePoolMfa;
import com.authledger.pool.api.CreatePool;
import com.authledger.pool.api.MfaSettings;
import com.authledger.pool.api.PoolMfaConfigured;
import com.authledger.shared.ErrorCode;
import com.authledger.shared.RuleViolation;
import com.authledger.support.MutableClock;
import com.authledger.support.Verifies;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static com.authledger.pool.PoolFixtures.POOL_ID;
import static com.authledger.pool.PoolFixtures.T0;
import static com.authledger.pool.PoolFixtures.adaptive;
import static com.authledger.pool.PoolFixtures.created;
import static com.authledger.pool.PoolFixtures.off;
import static com.authledger.pool.PoolFixtures.smsAndTotp;
import static com.authledger.pool.PoolFixtures.smsOnly;
import static com.authledger.pool.PoolFixtures.totpOnly;
import static com.authledger.pool.PoolFixtures.verifiesPhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/** Every rule of the seed for a pool's MFA configuration, one test each, on the UserPool aggregate alone. */
class UserPoolTest {

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

    private static ConfigurePoolMfa configure(MfaConfiguration mfa) {
        return new ConfigurePoolMfa(POOL_ID, mfa, null);
    }

    /** The event for a change; a change that leaves the SMS template out keeps the pool's, here the default. */
    private static PoolMfaConfigured configured(MfaConfiguration mfa, Instant at) {
        return new PoolMfaConfigured(POOL_ID, MfaSettings.of(mfa.withSmsMessageOrElse(SmsMfa.DEFAULT_MESSAGE)), at);
    }

    @Nested
    class Creation {

        @Test
        void createWhenRequiredWithTotpThenPoolCreatedWithRequiredMode() {
            fixture.givenNoPriorActivity()
                    .when(new CreatePool(POOL_ID, "Test pool", totpOnly(MfaMode.REQUIRED), null, null))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(created(totpOnly(MfaMode.REQUIRED)))
                    .expectResultMessagePayload(new PoolDescription(POOL_ID, "Test pool", T0,
                            VerificationSettings.defaults(), new MfaConfigurationChange(POOL_ID, 0,
                            totpOnly(MfaMode.REQUIRED).withSmsMessageOrElse(SmsMfa.DEFAULT_MESSAGE), T0, true),
                            PasswordPolicy.defaults()));
        }

        @Test
        @Verifies(PoolRules.MfaNeedsAFactor.class)
        void createWhenOptionalWithoutAnyFactorThenRefused() {
            fixture.givenNoPriorActivity()
                    .when(new CreatePool(POOL_ID, "Test pool", new MfaConfiguration(MfaMode.OPTIONAL, null, false,
                            false, null), null, null))
                    .expectNoEvents()
                    .expectException(RuleViolation.class)
                    .expectException(hasCode(ErrorCode.NoMfaFactorEnabled))
                    .expectExceptionMessage(PoolRules.NO_FACTOR_ENABLED);
        }

        @Test
        @Verifies(PoolRules.MfaNeedsAFactor.class)
        void createWhenRequiredWithoutAnyFactorThenRefused() {
            fixture.givenNoPriorActivity()
                    .when(new CreatePool(POOL_ID, "Test pool", new MfaConfiguration(MfaMode.REQUIRED, null, false,
                            false, null), null, null))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.NoMfaFactorEnabled))
                    .expectExceptionMessage(PoolRules.NO_FACTOR_ENABLED);
        }

        @Test
        @Verifies(PoolRules.SmsNeedsASender.class)
        void createWhenSmsMfaWithoutSenderThenRefused() {
            fixture.givenNoPriorActivity()
                    .when(new CreatePool(POOL_ID, "Test pool", new MfaConfiguration(MfaMode.OPTIONAL,
                            PoolFixtures.SMS_ON, false, false, null), null, null))
                    .expectNoEvents()
                    .expectException(RuleViolation.class)
                    .expectException(hasCode(ErrorCode.SmsSenderRequired))
                    .expectExceptionMessage("SMS MFA needs an SMS sender configuration (smsSender) the pool is "
                            + "allowed to use.");
        }

        @Test
        @Verifies(PoolRules.SmsNeedsASender.class)
        void createWhenPhoneVerificationWithoutSenderThenRefused() {
            fixture.givenNoPriorActivity()
                    .when(new CreatePool(POOL_ID, "Test pool", totpOnly(MfaMode.OPTIONAL), verifiesPhone(), null))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.SmsSenderRequired))
                    .expectExceptionMessage("The pool verifies phone numbers by SMS, so it needs an SMS sender "
                            + "configuration (smsSender).");
        }

        @Test
        @Verifies(PoolRules.AdaptiveNeedsOptionalMfa.class)
        void createWhenAdaptiveWithRequiredModeThenRefused() {
            fixture.givenNoPriorActivity()
                    .when(new CreatePool(POOL_ID, "Test pool",
                            new MfaConfiguration(MfaMode.REQUIRED, null, true, true, null), null, null))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.AdaptiveAuthenticationRequiresOptionalMfa))
                    .expectExceptionMessage("Adaptive authentication requires MFA to be enabled and set to OPTIONAL.");
        }

        @Test
        @Verifies(PoolRules.AdaptiveNeedsOptionalMfa.class)
        void createWhenAdaptiveWithOffModeThenRefused() {
            fixture.givenNoPriorActivity()
                    .when(new CreatePool(POOL_ID, "Test pool",
                            new MfaConfiguration(MfaMode.OFF, null, false, true, null), null, null))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.AdaptiveAuthenticationRequiresOptionalMfa))
                    .expectExceptionMessage("Adaptive authentication requires MFA to be enabled and set to OPTIONAL.");
        }

        @Test
        void createWhenAdaptiveWithOptionalModeThenCreated() {
            fixture.givenNoPriorActivity()
                    .when(new CreatePool(POOL_ID, "Test pool", adaptive(), null, null))
                    .expectEvents(created(adaptive()));
        }

        @Test
        void createWhenOffWithoutFactorsThenCreated() {
            fixture.givenNoPriorActivity()
                    .when(new CreatePool(POOL_ID, "Test pool", off(), null, null))
                    .expectEvents(created(off()));
        }
    }

    @Nested
    class RequiredOnlyAtCreation {

        @Test
        @Verifies(PoolRules.RequiredOnlyAtCreation.class)
        void changeFromOffIntoRequiredThenRefusedWithCognitosMessage() {
            fixture.given(created(off()))
                    .when(configure(totpOnly(MfaMode.REQUIRED)))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.MfaRequiredOnlyAtCreation))
                    .expectExceptionMessage("Cannot turn MFA functionality ON, once the user pool has been created.");
        }

        @Test
        @Verifies(PoolRules.RequiredOnlyAtCreation.class)
        void changeFromOptionalIntoRequiredThenRefused() {
            fixture.given(created(totpOnly(MfaMode.OPTIONAL)))
                    .when(configure(totpOnly(MfaMode.REQUIRED)))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.MfaRequiredOnlyAtCreation))
                    .expectExceptionMessage(PoolRules.REQUIRED_ONLY_AT_CREATION);
        }

        @Test
        void requiredPoolMayChangeItsFactors() {
            clock.advance(Duration.ofMinutes(1));
            fixture.given(created(smsOnly(MfaMode.REQUIRED)))
                    .when(configure(totpOnly(MfaMode.REQUIRED)))
                    .expectEvents(configured(new MfaConfiguration(MfaMode.REQUIRED,
                            new SmsMfa(false, PoolFixtures.SMS_ON.message()), true, false, null),
                            T0.plus(Duration.ofMinutes(1))));
        }

        @Test
        void changeWithoutAnSmsTemplateKeepsThePoolsTemplate() {
            fixture.given(created(smsAndTotp(MfaMode.OPTIONAL)))
                    .when(configure(new MfaConfiguration(MfaMode.OPTIONAL, new SmsMfa(true, null), true, false,
                            PoolFixtures.SENDER)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void commandRefusesAnInvalidTemplateBeforeThePoolSeesIt() {
            assertThatThrownBy(() -> configure(new MfaConfiguration(MfaMode.OPTIONAL, new SmsMfa(true, "no code"),
                    true, false, PoolFixtures.SENDER)))
                    .isInstanceOf(com.authledger.shared.InvalidInput.class).hasMessageStartingWith("smsMfa.message ");
        }

        @Test
        void requiredPoolMayBeLowered() {
            fixture.given(created(totpOnly(MfaMode.REQUIRED)))
                    .when(configure(totpOnly(MfaMode.OPTIONAL)))
                    .expectEvents(configured(totpOnly(MfaMode.OPTIONAL), T0));
        }

        @Test
        @Verifies(PoolRules.RequiredOnlyAtCreation.class)
        void loweredRequiredPoolCanNeverReturnToRequired() {
            fixture.given(created(totpOnly(MfaMode.REQUIRED)), configured(totpOnly(MfaMode.OPTIONAL), T0))
                    .when(configure(totpOnly(MfaMode.REQUIRED)))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.MfaRequiredOnlyAtCreation))
                    .expectExceptionMessage(PoolRules.REQUIRED_ONLY_AT_CREATION);
        }

        @Test
        @Verifies(PoolRules.RequiredOnlyAtCreation.class)
        void requiredPoolLoweredToOffCanNeverReturnToRequired() {
            fixture.given(created(totpOnly(MfaMode.REQUIRED)), configured(off(), T0),
                            configured(totpOnly(MfaMode.OPTIONAL), T0))
                    .when(configure(totpOnly(MfaMode.REQUIRED)))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.MfaRequiredOnlyAtCreation))
                    .expectExceptionMessage(PoolRules.REQUIRED_ONLY_AT_CREATION);
        }
    }

    @Nested
    class Factors {

        @Test
        @Verifies(PoolRules.MfaNeedsAFactor.class)
        void optionalWithNoFactorThenRefusedWithCognitosMessage() {
            fixture.given(created(totpOnly(MfaMode.OPTIONAL)))
                    .when(configure(new MfaConfiguration(MfaMode.OPTIONAL, null, false, false, null)))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.NoMfaFactorEnabled))
                    .expectExceptionMessage("Invalid MFA configuration given, can't disable all MFAs with a "
                            + "required or optional configuration.");
        }

        @Test
        @Verifies(PoolRules.MfaNeedsAFactor.class)
        void requiredWithNoFactorThenRefused() {
            fixture.given(created(totpOnly(MfaMode.REQUIRED)))
                    .when(configure(new MfaConfiguration(MfaMode.REQUIRED, null, false, false, null)))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.NoMfaFactorEnabled))
                    .expectExceptionMessage(PoolRules.NO_FACTOR_ENABLED);
        }

        @Test
        void offWithNoFactorThenAccepted() {
            fixture.given(created(totpOnly(MfaMode.OPTIONAL)))
                    .when(configure(off()))
                    .expectEvents(configured(off(), T0));
        }

        @Test
        @Verifies(PoolRules.SmsNeedsASender.class)
        void smsWithoutSenderThenRefused() {
            fixture.given(created(totpOnly(MfaMode.OPTIONAL)))
                    .when(configure(new MfaConfiguration(MfaMode.OPTIONAL, PoolFixtures.SMS_ON, true, false, null)))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.SmsSenderRequired))
                    .expectExceptionMessage("SMS MFA needs an SMS sender configuration (smsSender) the pool is "
                            + "allowed to use.");
        }

        @Test
        @Verifies(PoolRules.SmsNeedsASender.class)
        void removingTheSenderOfAPoolThatVerifiesPhonesThenRefused() {
            fixture.given(created(smsAndTotp(MfaMode.OPTIONAL), verifiesPhone()))
                    .when(configure(totpOnly(MfaMode.OPTIONAL)))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.SmsSenderRequired))
                    .expectExceptionMessage("The pool verifies phone numbers by SMS, so it needs an SMS sender "
                            + "configuration (smsSender).");
        }

        @Test
        void smsWithSenderThenAccepted() {
            fixture.given(created(totpOnly(MfaMode.OPTIONAL)))
                    .when(configure(smsAndTotp(MfaMode.OPTIONAL)))
                    .expectEvents(configured(smsAndTotp(MfaMode.OPTIONAL), T0));
        }
    }

    @Nested
    class AdaptiveAuthentication {

        @Test
        void enablingWhileOptionalThenAccepted() {
            fixture.given(created(totpOnly(MfaMode.OPTIONAL)))
                    .when(configure(adaptive()))
                    .expectEvents(configured(adaptive(), T0));
        }

        @Test
        @Verifies(PoolRules.AdaptiveNeedsOptionalMfa.class)
        void enablingWhileOffThenRefused() {
            fixture.given(created(off()))
                    .when(configure(new MfaConfiguration(MfaMode.OFF, null, true, true, null)))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.AdaptiveAuthenticationRequiresOptionalMfa))
                    .expectExceptionMessage("Adaptive authentication requires MFA to be enabled and set to OPTIONAL.");
        }

        @Test
        @Verifies(PoolRules.AdaptiveNeedsOptionalMfa.class)
        void enablingWhileRequiredThenRefused() {
            fixture.given(created(totpOnly(MfaMode.REQUIRED)))
                    .when(configure(new MfaConfiguration(MfaMode.REQUIRED, null, true, true, null)))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.AdaptiveAuthenticationRequiresOptionalMfa))
                    .expectExceptionMessage("Adaptive authentication requires MFA to be enabled and set to OPTIONAL.");
        }

        @Test
        @Verifies(PoolRules.ModeStaysOptionalWhileAdaptive.class)
        void modeCannotLeaveOptionalWhileAdaptiveIsOn() {
            fixture.given(created(adaptive()))
                    .when(configure(totpOnly(MfaMode.OFF)))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.AdaptiveAuthenticationActive))
                    .expectExceptionMessage("The MFA mode cannot leave OPTIONAL while adaptive authentication is on; "
                            + "turn adaptive authentication off first.");
        }

        @Test
        @Verifies(PoolRules.ModeStaysOptionalWhileAdaptive.class)
        void modeCannotLeaveOptionalEvenWhenTheSameChangeTurnsAdaptiveOff() {
            fixture.given(created(adaptive()))
                    .when(configure(off()))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.AdaptiveAuthenticationActive))
                    .expectExceptionMessage("The MFA mode cannot leave OPTIONAL while adaptive authentication is on; "
                            + "turn adaptive authentication off first.");
        }

        @Test
        void turningAdaptiveOffFirstThenTheModeMayChange() {
            fixture.given(created(adaptive()), configured(totpOnly(MfaMode.OPTIONAL), T0))
                    .when(configure(off()))
                    .expectEvents(configured(off(), T0));
        }
    }

    @Nested
    class Changes {

        @Test
        void identicalConfigurationAppendsNothing() {
            fixture.given(created(smsAndTotp(MfaMode.OPTIONAL)))
                    .when(configure(smsAndTotp(MfaMode.OPTIONAL)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(new MfaConfigurationChange(POOL_ID, 0, smsAndTotp(MfaMode.OPTIONAL),
                            T0, false));
        }

        @Test
        void changeAnswersWithTheNewVersionAndItsStart() {
            Instant later = clock.advance(Duration.ofHours(2));
            fixture.given(created(totpOnly(MfaMode.OPTIONAL)))
                    .when(configure(smsAndTotp(MfaMode.OPTIONAL)))
                    .expectResultMessagePayload(new MfaConfigurationChange(POOL_ID, 1, smsAndTotp(MfaMode.OPTIONAL),
                            later, true));
        }

        @Test
        void changeWhenClockStepsBackThenItStartsWhenThePreviousOneStarted() {
            Instant later = T0.plus(Duration.ofMinutes(5));
            clock.set(T0.plus(Duration.ofMinutes(1)));
            fixture.given(created(totpOnly(MfaMode.OPTIONAL)), configured(off(), later))
                    .when(configure(smsAndTotp(MfaMode.OPTIONAL)))
                    .expectEvents(configured(smsAndTotp(MfaMode.OPTIONAL), later));
        }

        @Test
        void expectedVersionThatIsNotCurrentThenRefused() {
            fixture.given(created(totpOnly(MfaMode.OPTIONAL)), configured(off(), T0))
                    .when(new ConfigurePoolMfa(POOL_ID, smsAndTotp(MfaMode.OPTIONAL), 0L))
                    .expectNoEvents()
                    .expectException(hasCode(ErrorCode.VersionMismatch));
        }

        @Test
        void expectedVersionThatIsCurrentThenAccepted() {
            fixture.given(created(totpOnly(MfaMode.OPTIONAL)), configured(off(), T0))
                    .when(new ConfigurePoolMfa(POOL_ID, smsAndTotp(MfaMode.OPTIONAL), 1L))
                    .expectEvents(configured(smsAndTotp(MfaMode.OPTIONAL), T0));
        }

        @Test
        void unknownPoolThenNotFound() {
            fixture.givenNoPriorActivity()
                    .when(configure(off()))
                    .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class);
        }
    }

    @Test
    void smsOnlyFactorCarriesTheTotpRecommendation() {
        assertThat(smsOnly(MfaMode.OPTIONAL).warnings()).extracting(MfaConfiguration.Warning::code)
                .containsExactly("SmsOnlyFactor", "SmsToEveryCountry");
        assertThat(smsAndTotp(MfaMode.OPTIONAL).warnings()).extracting(MfaConfiguration.Warning::code)
                .containsExactly("SmsToEveryCountry");
        MfaConfiguration listed = smsAndTotp(MfaMode.OPTIONAL);
        assertThat(new MfaConfiguration(listed.mode(), listed.sms(), true, false, listed.smsSender(),
                SmsCountries.of(java.util.List.of("GB"))).warnings()).isEmpty();
        assertThat(totpOnly(MfaMode.REQUIRED).warnings()).isEmpty();
    }

    private static org.hamcrest.Matcher<? super Throwable> hasCode(ErrorCode code) {
        return new org.hamcrest.FeatureMatcher<Throwable, ErrorCode>(equalTo(code), "error code", "code") {
            @Override
            protected ErrorCode featureValueOf(Throwable actual) {
                return actual instanceof com.authledger.shared.AuthledgerException e ? e.code() : null;
            }
        };
    }
}
