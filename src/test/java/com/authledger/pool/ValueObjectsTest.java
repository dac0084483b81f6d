package com.authledger.pool;

import com.authledger.shared.ErrorCode;
import com.authledger.shared.InvalidInput;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The value objects of the pool: each checks its own shape, and every refusal is an {@link InvalidInput} that names
 * the field and never repeats what was submitted (the submitted values below carry markers such as {@code QzX} that
 * no rule text contains, so an echo would show).
 */
class ValueObjectsTest {

    private static final String MARKER = "QzX";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/authledger-sms";

    /** Asserts a refusal of {@code value} for {@code field}, and that the message does not echo the value. */
    private static InvalidInput assertRefused(String field, String value, Executable construction) {
        InvalidInput refusal = catchThrowableOfType(InvalidInput.class, () -> {
            try {
                construction.execute();
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        });
        assertThat(refusal).as("refusal of %s", field).isNotNull();
        assertThat(refusal.field()).isEqualTo(field);
        assertThat(refusal.code()).isEqualTo(ErrorCode.InvalidParameter);
        assertThat(refusal.getMessage()).startsWith(field + " ");
        // No rule text contains the marker, so finding it means the submitted value was echoed.
        assertThat(refusal.getMessage()).as("the message must not echo the submitted value")
                .doesNotContain(MARKER);
        if (value != null && value.contains(MARKER)) {
            assertThat(refusal.getMessage()).doesNotContain(value);
        }
        return refusal;
    }

    private static String repeat(String unit, int times) {
        return unit.repeat(times);
    }

    /** A template of exactly {@code length} code points holding the placeholder. */
    private static String template(int length) {
        return "{####}" + repeat("Q", length - 6);
    }

    @Nested
    class SmsMfaTemplate {
        @Test
        void nullMessageIsLeftForThePoolToFillIn() {
            // null means "keep the pool's template" in a change and "the default" at creation (UserPoolTest)
            assertThat(SmsMfa.of(true, null).message()).isNull();
            assertThat(SmsMfa.DEFAULT_MESSAGE).contains(SmsMfa.CODE_PLACEHOLDER);
        }

        @Test
        void messageIsKeptWhileSmsIsDisabled() {
            assertThat(SmsMfa.of(false, "Your QzX code {####}").message()).isEqualTo("Your QzX code {####}");
        }

        @Test
        void sixToOneHundredFortyCharactersAreAccepted() {
            assertThat(SmsMfa.of(true, "{####}").message()).isEqualTo("{####}");
            assertThat(SmsMfa.of(true, template(140)).message()).hasSize(140);
        }

        @Test
        void lengthIsCountedInCharactersNotUtf16Units() {
            String emoji = "\uD83D\uDD11"; // one code point, two UTF-16 units
            String message = "{####}" + repeat(emoji, 134);
            assertThat(message.codePointCount(0, message.length())).isEqualTo(140);
            assertThat(SmsMfa.of(true, message).message()).isEqualTo(message);
            assertRefused("smsMfa.message", message + emoji, () -> SmsMfa.of(true, message + emoji));
        }

        @Test
        void fewerThanSixCharactersAreRefused() {
            assertRefused("smsMfa.message", "", () -> SmsMfa.of(true, ""));
            assertRefused("smsMfa.message", "{###}", () -> SmsMfa.of(true, "{###}"));
            InvalidInput refusal = assertRefused("smsMfa.message", "QzX{#", () -> SmsMfa.of(true, "QzX{#"));
            assertThat(refusal.getMessage()).contains("6 to 140");
        }

        @Test
        void moreThanOneHundredFortyCharactersAreRefused() {
            InvalidInput refusal = assertRefused("smsMfa.message", template(141),
                    () -> SmsMfa.of(true, template(141)));
            assertThat(refusal.getMessage()).contains("6 to 140");
        }

        @Test
        void theCodePlaceholderIsRequired() {
            for (String message : List.of("Your QzX code is ####", "Your QzX code is {###}",
                    "Your QzX code is {#####", "Your QzX code is {####]")) {
                InvalidInput refusal = assertRefused("smsMfa.message", message, () -> SmsMfa.of(true, message));
                assertThat(refusal.getMessage()).contains("{####}");
            }
        }

        @Test
        void theCodePlaceholderIsRequiredEvenWhileSmsIsDisabled() {
            assertRefused("smsMfa.message", "Your QzX code", () -> SmsMfa.of(false, "Your QzX code"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u009b"})
        void controlCharactersAreRefused(String control) {
            String message = "Your QzX code " + control + "is {####}";
            InvalidInput refusal = assertRefused("smsMfa.message", message, () -> SmsMfa.of(true, message));
            assertThat(refusal.getMessage()).contains("control characters");
        }

        @Test
        void lineBreaksAndTabsAreNotControlCharactersForAnSmsText() {
            assertThat(SmsMfa.of(true, "Your code:\n{####}").message()).isEqualTo("Your code:\n{####}");
            assertThat(SmsMfa.of(true, "Your code:\r\n\t{####}").message()).isEqualTo("Your code:\r\n\t{####}");
        }

        @Test
        void nonAsciiTextIsAccepted() {
            assertThat(SmsMfa.of(true, "Votre code d'accès est {####} \u2014 ne le partagez pas").message())
                    .contains("accès");
        }
    }

    @Nested
    class SmsSenderRules {

        @Test
        void aRoleArnWithExternalIdAndRegionIsAccepted() {
            SmsSender sender = SmsSender.of(ROLE_ARN, "ext-1", "us-east-1");
            assertThat(sender.credentialsRef()).isEqualTo(ROLE_ARN);
            assertThat(sender.externalId()).isEqualTo("ext-1");
            assertThat(sender.region()).isEqualTo("us-east-1");
        }

        @Test
        void theExternalIdIsOptional() {
            assertThat(SmsSender.of("sms-credentials", null, "eu-west-1").externalId()).isNull();
        }

        @Test
        void credentialsRefIsRequired() {
            InvalidInput refusal = assertRefused("smsSender.credentialsRef", null,
                    () -> SmsSender.of(null, "ext-1", "us-east-1"));
            assertThat(refusal.getMessage()).contains("required");
            assertRefused("smsSender.credentialsRef", "", () -> SmsSender.of("", "ext-1", "us-east-1"));
        }

        @Test
        void credentialsRefIsOneTo2048Characters() {
            assertThat(SmsSender.of("a", null, "us-east-1").credentialsRef()).isEqualTo("a");
            String longest = "arn:" + repeat("a", 2044);
            assertThat(SmsSender.of(longest, null, "us-east-1").credentialsRef()).hasSize(2048);
            InvalidInput refusal = assertRefused("smsSender.credentialsRef", longest + "Q",
                    () -> SmsSender.of(longest + "Q", null, "us-east-1"));
            assertThat(refusal.getMessage()).contains("1 to 2048");
        }

        @ParameterizedTest
        @ValueSource(strings = {"arn:aws:iam::1:role/QzX smsrole", "QzX\u0000role", "QzX\nrole", "QzX;role",
                "QzX<script>", "rôle-QzX", "QzX\"role", "QzX'role", "QzX role"})
        void credentialsRefIsLimitedToItsCharacterSet(String credentialsRef) {
            assertRefused("smsSender.credentialsRef", credentialsRef,
                    () -> SmsSender.of(credentialsRef, null, "us-east-1"));
        }

        @Test
        void credentialsRefAcceptsTheWholeArnCharacterSet() {
            String everything = "arn:aws:iam::123456789012:role/path/Role_Name+x=y,z.w@v-1";
            assertThat(SmsSender.of(everything, null, "us-east-1").credentialsRef()).isEqualTo(everything);
        }

        @Test
        void externalIdIsTwoTo1224Characters() {
            assertThat(SmsSender.of(ROLE_ARN, "ab", "us-east-1").externalId()).isEqualTo("ab");
            String longest = repeat("e", 1224);
            assertThat(SmsSender.of(ROLE_ARN, longest, "us-east-1").externalId()).hasSize(1224);
            assertRefused("smsSender.externalId", "Q", () -> SmsSender.of(ROLE_ARN, "Q", "us-east-1"));
            assertRefused("smsSender.externalId", "", () -> SmsSender.of(ROLE_ARN, "", "us-east-1"));
            InvalidInput refusal = assertRefused("smsSender.externalId", longest + "Q",
                    () -> SmsSender.of(ROLE_ARN, longest + "Q", "us-east-1"));
            assertThat(refusal.getMessage()).contains("2 to 1224");
        }

        @ParameterizedTest
        @ValueSource(strings = {"QzX ext", "QzX\u0007ext", "QzX;ext", "QzX#ext", "ëxt-QzX"})
        void externalIdIsLimitedToItsCharacterSet(String externalId) {
            assertRefused("smsSender.externalId", externalId, () -> SmsSender.of(ROLE_ARN, externalId, "us-east-1"));
        }

        @Test
        void regionIsRequired() {
            InvalidInput refusal = assertRefused("smsSender.region", null,
                    () -> SmsSender.of(ROLE_ARN, "ext-1", null));
            assertThat(refusal.getMessage()).contains("required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2", "us-gov-west-1",
                "cn-northwest-1", "il-central-1", "ca-west-1", "eu-west-10"})
        void regionsShapedLikeAwsRegionsAreAccepted(String region) {
            assertThat(SmsSender.of(ROLE_ARN, null, region).region()).isEqualTo(region);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "QzX", "US-EAST-1", "us-east", "useast1", "us-east-1a", "us_east_1",
                "u-east-1", "use-east-1", "us-east-100", " us-east-1", "us-east-1 ", "us-east-1\n", "us--east-1",
                "us-east-QzX",
                "us-east-\u0661", "qz-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1"})
        void otherRegionsAreRefused(String region) {
            assertRefused("smsSender.region", region, () -> SmsSender.of(ROLE_ARN, null, region));
        }
    }

    @Nested
    class VerificationSettingsRules {

        @Test
        void defaultsVerifyNothingAndUseTheDefaultMessages() {
            VerificationSettings defaults = VerificationSettings.defaults();
            assertThat(defaults.autoVerifiedAttributes()).isEmpty();
            assertThat(defaults.smsMessage()).isEqualTo(VerificationSettings.DEFAULT_SMS_MESSAGE);
            assertThat(defaults.emailMessage()).isEqualTo(VerificationSettings.DEFAULT_EMAIL_MESSAGE);
            assertThat(defaults.verifiesPhoneNumbers()).isFalse();
            assertThat(VerificationSettings.of(null, null, null)).isEqualTo(defaults);
            assertThat(VerificationSettings.of(List.of(), null, null)).isEqualTo(defaults);
        }

        @Test
        void onlyPhoneNumberAndEmailSortedAndDeduplicated() {
            VerificationSettings settings = VerificationSettings.of(
                    List.of("phone_number", "email", "phone_number", "email"), null, null);
            assertThat(settings.autoVerifiedAttributes()).containsExactly("email", "phone_number");
            assertThat(settings.verifiesPhoneNumbers()).isTrue();
            assertThat(VerificationSettings.of(List.of("email"), null, null).verifiesPhoneNumbers()).isFalse();
        }

        @Test
        void theOrderGivenDoesNotMatter() {
            assertThat(VerificationSettings.of(List.of("phone_number", "email"), null, null))
                    .isEqualTo(VerificationSettings.of(List.of("email", "phone_number"), null, null));
        }

        @Test
        void theAttributesAreCopiedAndImmutable() {
            List<String> given = new ArrayList<>(List.of("email"));
            VerificationSettings settings = VerificationSettings.of(given, null, null);
            given.add("phone_number");
            assertThat(settings.autoVerifiedAttributes()).containsExactly("email");
            assertThatThrownBy(() -> settings.autoVerifiedAttributes().add("phone_number"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"QzX_attribute", "Email", "PHONE_NUMBER", "phone", "email ", "", "preferred_QzX",
                "phone_number,email"})
        void otherAttributesAreRefused(String attribute) {
            InvalidInput refusal = assertRefused("verification.autoVerifiedAttributes", attribute,
                    () -> VerificationSettings.of(List.of("email", attribute), null, null));
            assertThat(refusal.getMessage()).contains("phone_number and email");
        }

        @Test
        void aNullAttributeIsRefused() {
            InvalidInput refusal = assertRefused("verification.autoVerifiedAttributes", null,
                    () -> VerificationSettings.of(Arrays.asList("email", null), null, null));
            assertThat(refusal.getMessage()).contains("required");
        }

        @Test
        void theSmsMessageFollowsTheSmsTemplateRules() {
            assertThat(VerificationSettings.of(null, "Verify QzX: {####}", null).smsMessage())
                    .isEqualTo("Verify QzX: {####}");
            assertThat(VerificationSettings.of(null, template(140), null).smsMessage()).hasSize(140);
            assertRefused("verification.smsMessage", "QzX{#", () -> VerificationSettings.of(null, "QzX{#", null));
            assertRefused("verification.smsMessage", template(141),
                    () -> VerificationSettings.of(null, template(141), null));
            assertRefused("verification.smsMessage", "Verify QzX now",
                    () -> VerificationSettings.of(null, "Verify QzX now", null));
            assertRefused("verification.smsMessage", "Verify QzX\u0007 {####}",
                    () -> VerificationSettings.of(null, "Verify QzX\u0007 {####}", null));
        }

        @Test
        void theEmailMessageIsSixTo20000CharactersWithThePlaceholder() {
            assertThat(VerificationSettings.of(null, null, "{####}").emailMessage()).isEqualTo("{####}");
            String longest = "<p>Your code is {####}</p>" + repeat("x", 20000 - 26);
            assertThat(VerificationSettings.of(null, null, longest).emailMessage()).hasSize(20000);
            assertRefused("verification.emailMessage", "QzX{#", () -> VerificationSettings.of(null, null, "QzX{#"));
            InvalidInput tooLong = assertRefused("verification.emailMessage", longest + "Q",
                    () -> VerificationSettings.of(null, null, longest + "Q"));
            assertThat(tooLong.getMessage()).contains("6 to 20000");
            InvalidInput noPlaceholder = assertRefused("verification.emailMessage", "Your QzX code",
                    () -> VerificationSettings.of(null, null, "Your QzX code"));
            assertThat(noPlaceholder.getMessage()).contains("{####}");
        }

        @Test
        void theEmailMessageMayHoldLineBreaksAndTabs() {
            String message = "Hello,\r\n\tyour code is {####}.\n";
            assertThat(VerificationSettings.of(null, null, message).emailMessage()).isEqualTo(message);
        }

        @Test
        void theEmailMessageRefusesNulAndOtherControlCharacters() {
            for (String control : List.of("\u0000", "\u0007", "\u001b", "\u007f")) {
                String message = "Your QzX code " + control + "is {####}";
                assertRefused("verification.emailMessage", message,
                        () -> VerificationSettings.of(null, null, message));
            }
        }
    }

    @Nested
    class PoolNameRules {

        @ParameterizedTest
        @ValueSource(strings = {"a", "Production pool", "pool_1", "a+b=c,d.e@f-g", "Équipe données", "日本のプール",
                "pool 2026-03-01"})
        void lettersDigitsSpacesAndThePunctuationAllowedAreAccepted(String name) {
            assertThat(PoolName.requireValid(name)).isEqualTo(name);
        }

        @Test
        void oneTo128Characters() {
            assertThat(PoolName.requireValid(repeat("n", 128))).hasSize(128);
            assertThat(PoolName.requireValid(repeat("é", 128))).hasSize(128);
            InvalidInput tooLong = assertRefused("name", repeat("Q", 129), () -> PoolName.requireValid(repeat("Q", 129)));
            assertThat(tooLong.getMessage()).contains("1 to 128");
            assertRefused("name", "", () -> PoolName.requireValid(""));
            InvalidInput missing = assertRefused("name", null, () -> PoolName.requireValid(null));
            assertThat(missing.getMessage()).contains("required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"QzX/pool", "QzX<b>", "QzX\"pool", "QzX'pool", "QzX#1", "QzX!", "QzX;drop",
                "QzX\npool", "QzX\tpool", "QzX\u0000pool", "QzX\u0007pool", "QzX\uD83D\uDD11", "QzX(pool)",
                "QzX%pool", "QzX*pool"})
        void otherCharactersAreRefused(String name) {
            assertRefused("name", name, () -> PoolName.requireValid(name));
        }

        @Test
        void controlCharactersAreNamedAsSuch() {
            InvalidInput refusal = assertRefused("name", "QzX\u0007pool", () -> PoolName.requireValid("QzX\u0007pool"));
            assertThat(refusal.getMessage()).contains("control characters");
        }
    }

    @Nested
    class PoolIdRules {

        private static final Pattern GENERATED = Pattern.compile("us-east-1_[0-9A-Za-z]{9}");

        @Test
        void generatedIdsAreTheRegionAnUnderscoreAndNineAlphanumerics() {
            for (int i = 0; i < 1000; i++) {
                String id = PoolId.generate("us-east-1");
                assertThat(id).matches(GENERATED);
                assertThat(PoolId.requireValid(id)).isEqualTo(id);
            }
            assertThat(PoolId.generate("ap-southeast-2")).matches("ap-southeast-2_[0-9A-Za-z]{9}");
        }

        @Test
        void tenThousandGeneratedIdsAreDistinct() {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 10_000; i++) {
                ids.add(PoolId.generate("us-east-1"));
            }
            assertThat(ids).hasSize(10_000);
        }

        @Test
        void generatedIdsUseTheWholeAlphabet() {
            Set<Character> seen = new HashSet<>();
            for (int i = 0; i < 10_000; i++) {
                String id = PoolId.generate("us-east-1");
                for (char c : id.substring(id.indexOf('_') + 1).toCharArray()) {
                    seen.add(c);
                }
            }
            assertThat(seen).hasSize(62);
        }

        @ParameterizedTest
        @ValueSource(strings = {"us-east-1_AbC123xyZ", "eu-west-3_a", "a_b", "us-east-1_x_y1", "a-b_0"})
        void validIdsAreReturnedUnchanged(String poolId) {
            assertThat(PoolId.requireValid(poolId)).isEqualTo(poolId);
        }

        @Test
        void oneTo55Characters() {
            String longest = "us-east-1_" + repeat("a", 45);
            assertThat(PoolId.requireValid(longest)).hasSize(55);
            InvalidInput tooLong = assertRefused("poolId", longest + "Q", () -> PoolId.requireValid(longest + "Q"));
            assertThat(tooLong.getMessage()).contains("1 to 55");
            assertRefused("poolId", "", () -> PoolId.requireValid(""));
            InvalidInput missing = assertRefused("poolId", null, () -> PoolId.requireValid(null));
            assertThat(missing.getMessage()).contains("required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"QzX", "_QzXabc", "QzX_", "QzX_ab-c", "QzX_ab c", "QzX_abc/../x", "QzX_abç",
                "QzX_abc\n", "QzX_abc%00", "QzX.east_abc", "QzX_abc;", " QzX_abc"})
        void otherShapesAreRefused(String poolId) {
            assertRefused("poolId", poolId, () -> PoolId.requireValid(poolId));
        }
    }

    @Test
    void everyRefusalIsAnInvalidInputNotAnotherException() {
        assertThatCode(() -> SmsMfa.of(true, null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> SmsSender.of(null, null, null)).isExactlyInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> PoolName.requireValid(null)).isExactlyInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> PoolId.requireValid(null)).isExactlyInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> VerificationSettings.of(Arrays.asList((String) null), null, null))
                .isExactlyInstanceOf(InvalidInput.class);
    }
}
