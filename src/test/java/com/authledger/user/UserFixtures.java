package com.authledger.user;

import com.authledger.message.Deliveries;
import com.authledger.message.OutboundMessage;
import com.authledger.pool.MfaConfiguration;
import com.authledger.pool.MfaMode;
import com.authledger.pool.PasswordPolicy;
import com.authledger.pool.PoolContext;
import com.authledger.pool.PoolDirectory;
import com.authledger.pool.SmsMfa;
import com.authledger.pool.SmsSender;
import com.authledger.pool.VerificationSettings;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.support.MutableClock;
import com.authledger.user.api.Channel;
import com.authledger.user.api.CodePurpose;
import com.authledger.user.api.Contact;
import com.authledger.user.api.Initiator;
import com.authledger.user.api.SignInContext;
import com.authledger.user.api.UserEvent.CodeSent;
import com.authledger.user.api.UserEvent.ContactChanged;
import com.authledger.user.api.UserEvent.MfaPreferenceChanged;
import com.authledger.user.api.UserEvent.SignInStepFailed;
import com.authledger.user.api.UserEvent.SoftwareTokenAssociated;
import com.authledger.user.api.UserEvent.SoftwareTokenVerified;
import com.authledger.user.api.UserEvent.UserRegistered;
import com.authledger.user.api.SignInStep;
import com.authledger.user.api.UserStatus;
import com.authledger.user.factor.Totp;
import com.authledger.user.password.Srp6a;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.mockito.Mockito.mock;

/**
 * The User aggregate on its own, for its fixture tests: a pool it belongs to (changed per test), secrets that seal
 * by labelling (so that a sealed value is readable in an expected event), the messages it hands over for delivery,
 * and the token families it revokes.
 */
class UserFixtures {

    static final String SUB = "7d3c2b1a-0f9e-4d8c-b7a6-112233445566";
    static final String POOL = "us-east-1_UserTest1";
    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    static final String PASSWORD = "Correct-Horse-1";
    static final String NEW_PASSWORD = "Battery-Staple-2";
    static final String PHONE = "+15550100001";
    static final String NEW_PHONE = "+15550100002";
    static final String EMAIL = "alice@example.com";
    static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    static final SmsSender SENDER = new SmsSender("arn:aws:iam::123456789012:role/authledger-sms", "ext-1",
            "us-east-1");
    static final SignInContext CONTEXT = new SignInContext("203.0.113.7", "curl/8", "device-1");

    final MutableClock clock = new MutableClock(T0);
    final FakeSecrets secrets = new FakeSecrets();
    final List<OutboundMessage> sent = new ArrayList<>();
    final UsernameRegistry names = mock(UsernameRegistry.class);
    /** How many open token families the user has: what a revocation revokes. */
    int openFamilies;
    PoolContext pool = pool(smsAndTotp(MfaMode.OPTIONAL), VerificationSettings.defaults());
    final AggregateTestFixture<User> fixture = new AggregateTestFixture<>(User.class);

    UserFixtures() {
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource((PoolDirectory) poolId -> java.util.Optional.ofNullable(
                POOL.equals(poolId) ? pool : null));
        fixture.registerInjectableResource(names);
        fixture.registerInjectableResource(secrets);
        fixture.registerInjectableResource((Deliveries) sent::add);
        fixture.registerInjectableResource((TokenRevocation) (sub, reason, at) -> {
            int revoked = openFamilies;
            openFamilies = 0;
            return revoked;
        });
    }

    static PoolContext pool(MfaConfiguration mfa, VerificationSettings verification) {
        return new PoolContext(POOL, "Test pool", mfa, verification, PasswordPolicy.defaults());
    }

    static MfaConfiguration smsAndTotp(MfaMode mode) {
        return new MfaConfiguration(mode, new SmsMfa(true, "Your code is {####}"), true, false, SENDER);
    }

    static MfaConfiguration totpOnly(MfaMode mode) {
        return new MfaConfiguration(mode, null, true, false, null);
    }

    static MfaConfiguration smsOnly(MfaMode mode) {
        return new MfaConfiguration(mode, new SmsMfa(true, "Your code is {####}"), false, false, SENDER);
    }

    /** TOTP only, and a sender for verification codes: the pool sends SMS but does not offer SMS MFA. */
    static MfaConfiguration totpWithSender(MfaMode mode) {
        return new MfaConfiguration(mode, null, true, false, SENDER);
    }

    static VerificationSettings verifies(String... attributes) {
        return new VerificationSettings(List.of(attributes), null, null);
    }

    // ---- events the tests are given

    static UserRegistered registered(UserStatus status) {
        return new UserRegistered(SUB, POOL, "alice", status, Initiator.ADMIN, sealed("PASSWORD", "pw=" + PASSWORD),
                null, T0.minusSeconds(3600));
    }

    static ContactChanged phone(boolean verified) {
        return contact(Contact.PHONE_NUMBER, PHONE, verified);
    }

    static ContactChanged email(boolean verified) {
        return contact(Contact.EMAIL, EMAIL, verified);
    }

    static ContactChanged contact(Contact contact, String value, boolean verified) {
        return new ContactChanged(SUB, POOL, contact, sealed(contact.name(), value), false, verified, Initiator.ADMIN,
                T0.minusSeconds(3600));
    }

    /** A code of {@code purpose} sent at {@code at}: its plaintext is {@link FakeSecrets#CODE}. */
    static CodeSent codeSent(CodePurpose purpose, Channel channel, Instant at) {
        return new CodeSent(SUB, POOL, purpose, channel, mac(purpose, FakeSecrets.CODE), at.plus(purpose.validity()),
                at);
    }

    static SoftwareTokenAssociated associated() {
        return new SoftwareTokenAssociated(SUB, POOL, sealed("TOTP_SECRET", TOTP_SECRET), Initiator.USER,
                T0.minusSeconds(600));
    }

    /** A verified authenticator, TOTP enabled, whose last accepted code is of {@code step}. */
    static SoftwareTokenVerified verified(long step) {
        return new SoftwareTokenVerified(SUB, POOL, sealed("TOTP_SECRET", TOTP_SECRET), "phone", step, true,
                Initiator.USER, T0.minusSeconds(590));
    }

    static MfaPreferenceChanged preferences(boolean smsEnabled, boolean smsPreferred, boolean totpEnabled,
                                            boolean totpPreferred) {
        return new MfaPreferenceChanged(SUB, POOL, smsEnabled, smsPreferred, totpEnabled, totpPreferred,
                Initiator.USER, T0.minusSeconds(500));
    }

    static SignInStepFailed failed(int consecutive, Instant at) {
        return new SignInStepFailed(SUB, POOL, SignInStep.PASSWORD, consecutive, CONTEXT.ipAddress(),
                CONTEXT.userAgent(), CONTEXT.deviceId(), at);
    }

    /** The history of a user with {@code failures} failed steps, the last one at {@code last}. */
    static List<Object> failures(int failures, Instant last) {
        List<Object> events = new ArrayList<>();
        for (int i = 1; i <= failures; i++) {
            events.add(failed(i, last.minusSeconds(failures - i)));
        }
        return events;
    }

    static String sealed(String field, String plaintext) {
        return FakeSecrets.seal(field, plaintext);
    }

    static String mac(CodePurpose purpose, String code) {
        return "mac:" + purpose + ":" + code;
    }

    /** The six-digit code of the test authenticator at {@code at}. */
    static String totpCode(Instant at) {
        return new Totp().codeAt(TOTP_SECRET, Totp.step(at));
    }

    static Matcher<? super Throwable> hasCode(ErrorCode code) {
        return new FeatureMatcher<Throwable, ErrorCode>(equalTo(code), "error code", "code") {
            @Override
            protected ErrorCode featureValueOf(Throwable actual) {
                return actual instanceof AuthledgerException e ? e.code() : null;
            }
        };
    }

    /**
     * Secrets that seal by labelling, {@code sealed:<field>:<plaintext>}, and give out known codes, so that what an
     * aggregate stores can be written out in an expected event. Only the arithmetic of the real one is left out.
     */
    static final class FakeSecrets extends UserSecrets {

        static final String CODE = "123456";
        static final List<String> RECOVERY_CODES = List.of("aaaa-bbbb-cccc", "dddd-eeee-ffff");

        /** Whether a USER_SRP_AUTH claim holds: its arithmetic is Srp6a's, tested there. */
        boolean claimHolds = true;
        final List<String> shredded = new ArrayList<>();

        FakeSecrets() {
            super(null, null, null);
        }

        static String seal(String field, String plaintext) {
            return plaintext == null ? null : "sealed:" + field + ":" + plaintext;
        }

        @Override
        public String seal(String sub, Field field, String plaintext) {
            return seal(field.name(), plaintext);
        }

        @Override
        public String open(String sub, Field field, String sealed) {
            if (sealed == null) {
                return null;
            }
            String prefix = "sealed:" + field.name() + ":";
            if (!sealed.startsWith(prefix)) {
                throw new IllegalStateException(sealed + " is not sealed as " + field);
            }
            return sealed.substring(prefix.length());
        }

        @Override
        public void shred(String sub) {
            shredded.add(sub);
        }

        @Override
        public String sealedVerifier(String sub, String srpPoolName, String password) {
            return seal("PASSWORD", "pw=" + password);
        }

        @Override
        public boolean passwordMatches(String sub, String srpPoolName, String password, String sealedVerifier) {
            return open(sub, Field.PASSWORD, sealedVerifier).equals("pw=" + password);
        }

        @Override
        public Srp6a.Verifier verifier(String sub, String sealedVerifier) {
            return new Srp6a.Verifier("5a17", open(sub, Field.PASSWORD, sealedVerifier));
        }

        @Override
        public boolean claimMatches(String sub, Srp6a.PasswordClaim claim, String sealedVerifier) {
            return claimHolds;
        }

        @Override
        public String newCode() {
            return CODE;
        }

        @Override
        public String codeMac(String sub, CodePurpose purpose, String code) {
            return mac(purpose, code);
        }

        @Override
        public boolean codeMatches(String storedMac, String sub, CodePurpose purpose, String code) {
            return storedMac.equals(mac(purpose, code));
        }

        @Override
        public List<String> newRecoveryCodes() {
            return RECOVERY_CODES;
        }

        @Override
        public String recoveryCodeMac(String sub, String code) {
            return "mac:recovery:" + com.authledger.user.api.Codes.normalizeRecoveryCode(code);
        }

        @Override
        public boolean recoveryCodeMatches(String storedMac, String sub, String code) {
            return storedMac.equals(recoveryCodeMac(sub, code));
        }
    }
}
