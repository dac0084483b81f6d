package com.authledger.pool;

import com.authledger.shared.ErrorCode;
import com.authledger.shared.InvalidInput;
import com.authledger.shared.RuleViolation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A pool's password policy: its bounds, and every rule of {@link PasswordPolicy#check} with Cognito's message. Every
 * password below holds the marker {@code QzX} (or is made of characters no message holds), so a message that echoed
 * the password would show.
 */
class PasswordPolicyTest {

    private static final String MARKER = "QzX";
    private static final String PREFIX = "Password did not conform with policy: ";
    private static final PasswordPolicy DEFAULTS = PasswordPolicy.defaults();
    /** Length alone: no character class required. */
    private static final PasswordPolicy LENGTH_ONLY = new PasswordPolicy(8, false, false, false, false);

    /** Asserts that {@code policy} refuses {@code password} with InvalidPassword and exactly {@code rule}. */
    private static RuleViolation assertRefused(PasswordPolicy policy, String password, String rule) {
        RuleViolation refusal = catchThrowableOfType(RuleViolation.class, () -> policy.check(password));
        assertThat(refusal).as("refusal of a password for: %s", rule).isNotNull();
        assertThat(refusal.code()).isEqualTo(ErrorCode.InvalidPassword);
        assertThat(refusal.code().httpStatus()).isEqualTo(400);
        assertThat(refusal.getMessage()).isEqualTo(PREFIX + rule);
        assertNotEchoed(refusal, password);
        return refusal;
    }

    private static void assertNotEchoed(RuntimeException refusal, String password) {
        assertThat(refusal.getMessage()).as("the message must not echo the password").doesNotContain(MARKER);
        assertThat(refusal.toString()).doesNotContain(MARKER);
        if (password.strip().length() >= 4) {
            assertThat(refusal.toString()).doesNotContain(password.strip());
        }
        assertThat(refusal.getCause()).isNull();
        assertThat(refusal.getSuppressed()).isEmpty();
    }

    private static void assertAccepted(PasswordPolicy policy, String password) {
        assertThatCode(() -> policy.check(password)).as("a password of %d characters", password.length())
                .doesNotThrowAnyException();
    }

    @Nested
    class Bounds {

        @Test
        void theDefaultsAreEightCharactersWithEveryClass() {
            assertThat(DEFAULTS).isEqualTo(new PasswordPolicy(8, true, true, true, true));
            assertThat(DEFAULTS.validate()).isSameAs(DEFAULTS);
        }

        @ParameterizedTest
        @ValueSource(ints = {6, 7, 8, 42, 98, 99})
        void aMinimumLengthOfSixTo99IsAccepted(int length) {
            PasswordPolicy policy = new PasswordPolicy(length, false, true, false, true);
            assertThat(policy.validate()).isSameAs(policy);
        }

        @ParameterizedTest
        @ValueSource(ints = {Integer.MIN_VALUE, -8, 0, 1, 5, 100, 256, Integer.MAX_VALUE})
        void anotherMinimumLengthIsRefusedNamingTheField(int length) {
            InvalidInput refusal = catchThrowableOfType(InvalidInput.class,
                    () -> new PasswordPolicy(length, true, true, true, true).validate());
            assertThat(refusal).isNotNull();
            assertThat(refusal.code()).isEqualTo(ErrorCode.InvalidParameter);
            assertThat(refusal.field()).isEqualTo("passwordPolicy.minimumLength");
            assertThat(refusal.getMessage()).isEqualTo("passwordPolicy.minimumLength must be 6 to 99");
        }
    }

    @Nested
    class Rules {

        @Test
        void aPasswordHoldingEveryClassAtTheMinimumLengthIsAccepted() {
            assertAccepted(DEFAULTS, "QzX4abc!");
            assertAccepted(DEFAULTS, "QzX4abc!" + "x".repeat(200));
        }

        @Test
        void tooShortThenNotLongEnoughNamingTheMinimum() {
            assertRefused(DEFAULTS, "QzX4ab!", "Password not long enough (at least 8 characters)");
            assertRefused(new PasswordPolicy(12, true, true, true, true), "QzX4abcdef!",
                    "Password not long enough (at least 12 characters)");
            assertAccepted(new PasswordPolicy(12, true, true, true, true), "QzX4abcdefg!");
        }

        @Test
        void theLengthIsCountedInCharactersNotUtf16Units() {
            String sevenKeys = MARKER + "\uD83D\uDD11".repeat(4);
            assertThat(sevenKeys).hasSize(11);
            assertRefused(LENGTH_ONLY, sevenKeys, "Password not long enough (at least 8 characters)");
            assertAccepted(LENGTH_ONLY, sevenKeys + "\uD83D\uDD11");
        }

        @Test
        void theLengthIsCheckedBeforeTheCharacterClasses() {
            assertRefused(DEFAULTS, "qzx", "Password not long enough (at least 8 characters)");
        }

        @Test
        void withoutUppercaseThenRefused() {
            assertRefused(DEFAULTS, "qzx4abc!", "Password must have uppercase characters");
            assertAccepted(new PasswordPolicy(8, false, true, true, true), "qzx4abc!");
        }

        @Test
        void withoutLowercaseThenRefused() {
            assertRefused(DEFAULTS, "QZX4ABC!", "Password must have lowercase characters");
            assertAccepted(new PasswordPolicy(8, true, false, true, true), "QZX4ABC!");
        }

        @Test
        void withoutNumbersThenRefused() {
            assertRefused(DEFAULTS, "QzXabcd!", "Password must have numeric characters");
            assertAccepted(new PasswordPolicy(8, true, true, false, true), "QzXabcd!");
        }

        @Test
        void withoutSymbolsThenRefused() {
            assertRefused(DEFAULTS, "QzX4abcd", "Password must have symbol characters");
            assertAccepted(new PasswordPolicy(8, true, true, true, false), "QzX4abcd");
        }

        @Test
        void theClassesAreCheckedInCognitosOrder() {
            assertRefused(DEFAULTS, "12345678", "Password must have uppercase characters");
            assertRefused(DEFAULTS, "QZX45678", "Password must have lowercase characters");
            assertRefused(DEFAULTS, "QzXabcde", "Password must have numeric characters");
        }

        @Test
        void everySymbolOfCognitosSetCountsAndASpaceInsideToo() {
            for (char symbol : PasswordPolicy.SYMBOLS.toCharArray()) {
                assertAccepted(DEFAULTS, "QzX4ab" + symbol + "cd");
            }
            assertThat(PasswordPolicy.SYMBOLS).contains(" ").hasSize(33);
        }

        @Test
        void onlyBasicLatinLettersAndDigitsAndCognitosSymbolsCount() {
            assertRefused(DEFAULTS, "\u00c9qzx4abc!", "Password must have uppercase characters");
            assertRefused(DEFAULTS, "QZX4\u00e9\u00e9\u00e9!", "Password must have lowercase characters");
            assertRefused(DEFAULTS, "QzXabc\uff14!", "Password must have numeric characters");
            assertRefused(DEFAULTS, "QzX4abc\u20ac\u00a7", "Password must have symbol characters");
        }

        @Test
        void aLeadingOrTrailingSpaceIsRefused() {
            assertRefused(DEFAULTS, " QzX4abc!", "Password must not begin or end with a space");
            assertRefused(DEFAULTS, "QzX4abc! ", "Password must not begin or end with a space");
            assertRefused(LENGTH_ONLY, "        ", "Password must not begin or end with a space");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\u0000", "\t", "\n", "\r", "\u0007", "\u001b", "\u007f", "\u0085"})
        void controlCharactersAreRefused(String control) {
            assertRefused(DEFAULTS, "QzX4a" + control + "bc!", "Password must not hold control characters");
        }

        @Test
        void atMost256Characters() {
            String longest = "QzX4abc!" + "y".repeat(248);
            assertThat(longest).hasSize(PasswordPolicy.MAXIMUM_LENGTH);
            assertAccepted(DEFAULTS, longest);
            assertRefused(DEFAULTS, longest + "y", "Password is too long (at most 256 characters)");
            assertRefused(LENGTH_ONLY, MARKER + "\uD83D\uDD11".repeat(254),
                    "Password is too long (at most 256 characters)");
        }

        @Test
        void aMissingPasswordIsAnInvalidParameter() {
            for (String password : new String[]{null, ""}) {
                InvalidInput refusal = catchThrowableOfType(InvalidInput.class, () -> DEFAULTS.check(password));
                assertThat(refusal).isNotNull();
                assertThat(refusal.code()).isEqualTo(ErrorCode.InvalidParameter);
                assertThat(refusal.field()).isEqualTo("password");
                assertThat(refusal.getMessage()).isEqualTo("password is required");
            }
        }
    }
}
