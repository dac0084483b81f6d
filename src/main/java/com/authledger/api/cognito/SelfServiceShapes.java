package com.authledger.api.cognito;

import com.authledger.user.Results.CodeDelivery;

import java.util.List;

/**
 * The output shapes of Cognito's self-service operations by code or access token, as {@link CognitoJson} writes
 * them.
 */
final class SelfServiceShapes {

    private SelfServiceShapes() {
    }

    /** Cognito's CodeDeliveryDetailsType: where a code went, the destination masked. */
    record CodeDeliveryDetails(String destination, String deliveryMedium, String attributeName) {
        static CodeDeliveryDetails of(CodeDelivery delivery) {
            return delivery == null ? null : new CodeDeliveryDetails(delivery.destination(),
                    delivery.deliveryMedium().name(), delivery.attribute().attribute());
        }
    }

    record SignUpResponse(boolean userConfirmed, CodeDeliveryDetails codeDeliveryDetails, String userSub) {
    }

    /** ResendConfirmationCode, ForgotPassword, GetUserAttributeVerificationCode. */
    record CodeDeliveryResponse(CodeDeliveryDetails codeDeliveryDetails) {
    }

    record UpdateUserAttributesResponse(List<CodeDeliveryDetails> codeDeliveryDetailsList) {
    }
}
