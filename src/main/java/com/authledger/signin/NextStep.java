package com.authledger.signin;

import com.authledger.signin.SignInRules.SetUpHasAChoice;
import com.authledger.signin.api.ChallengeName;
import com.authledger.user.Results.SignInProfile;
import com.authledger.user.SignInRequirement.Factor;
import com.authledger.user.api.UserStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decision table of a sign-in (ADR 12): what the user's profile asks for after the steps answered so far. The
 * tokens, a second factor to challenge, or a challenge that offers choices (a new password, a factor to select or to
 * set up). A pure function of the profile, which the User answers (ADR 8); {@link SignInSession} records the step.
 */
sealed interface NextStep {

    /** The password (and what was answered) suffices: tokens. */
    record Tokens() implements NextStep {
    }

    /** A code of this factor: SMS_MFA (a code is sent) or SOFTWARE_TOKEN_MFA. */
    record Code(Factor factor) implements NextStep {
    }

    /** A challenge that offers {@code choices}, with Cognito's ChallengeParameters for it. */
    record Offer(ChallengeName name, List<String> choices, Map<String, String> parameters) implements NextStep {
    }

    static NextStep of(SignInProfile profile) {
        if (profile.status() == UserStatus.FORCE_CHANGE_PASSWORD) {
            return new Offer(ChallengeName.NEW_PASSWORD_REQUIRED, List.of(),
                    Map.of("userAttributes", "{}", "requiredAttributes", "[]"));
        }
        return switch (profile.requirement().step()) {
            case PASSWORD_ONLY -> new Tokens();
            case CHALLENGE -> {
                Set<Factor> usable = profile.requirement().usable();
                if (usable.size() == 1) {
                    yield new Code(usable.iterator().next());
                }
                if (profile.preferred() != null) {
                    yield new Code(profile.preferred());
                }
                List<String> choices = usable.stream().map(Enum::name).sorted().toList();
                yield new Offer(ChallengeName.SELECT_MFA_TYPE, choices, Map.of("MFAS_CAN_CHOOSE", jsonArray(choices)));
            }
            case SET_UP_FACTOR -> {
                List<String> choices = new ArrayList<>();
                if (profile.canSetUpSms()) {
                    choices.add(Factor.SMS_MFA.name());
                }
                if (profile.canSetUpTotp()) {
                    choices.add(Factor.SOFTWARE_TOKEN_MFA.name());
                }
                new SetUpHasAChoice(choices).verify();
                yield new Offer(ChallengeName.MFA_SETUP, List.copyOf(choices),
                        Map.of("MFAS_CAN_SETUP", jsonArray(choices)));
            }
        };
    }

    private static String jsonArray(List<String> names) {
        return "[" + String.join(",", names.stream().map(name -> "\"" + name + "\"").toList()) + "]";
    }
}
