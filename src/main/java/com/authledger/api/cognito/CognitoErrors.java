package com.authledger.api.cognito;

import com.authledger.shared.AuthledgerException;

/**
 * The service's refusals in Cognito's terms. The rules are the aggregates' (one set for both APIs); this only names
 * each refusal as Cognito does for the nearest case, with Cognito's status codes: 403 for NotAuthorizedException,
 * 404 for ResourceNotFoundException and UserNotFoundException, 429 for TooManyRequestsException, 400 for the rest.
 * Where authledger is stricter than Cognito (REQUIRED only at creation, SMS only to verified phones) the answer is
 * InvalidParameterException with the service's own message, which says which rule refused.
 */
public final class CognitoErrors {

    private CognitoErrors() {
    }

    public static CognitoError of(AuthledgerException refusal) {
        String message = refusal.getMessage();
        return switch (refusal.code()) {
            case MalformedJson, UnknownField, InvalidFieldValue -> CognitoError.serialization(message);
            case InvalidParameter, PayloadTooLarge, UnsupportedMediaType, NotAcceptable, MethodNotAllowed,
                 UriTooLong, HeadersTooLarge, MfaRequiredOnlyAtCreation, NoMfaFactorEnabled, SmsSenderRequired,
                 AdaptiveAuthenticationRequiresOptionalMfa, AdaptiveAuthenticationActive, PhoneNumberNotVerified,
                 PhoneNumberMissing, EmailMissing, FactorNotSupportedByPool, InvalidUserState, AuthFlowNotEnabled,
                 VersionMismatch, PoolNotYetCreated, StepUpRequired ->
                    CognitoError.invalidParameter(message);
            case NotFound, PoolNotFound, AppClientNotFound -> CognitoError.resourceNotFound(message);
            case Unauthenticated, Forbidden, InvalidToken, NotAuthorized, PasswordAttemptsExceeded, InvalidSession,
                 SessionExpired, RefreshTokenRevoked, SecretHashMismatch -> CognitoError.notAuthorized(message);
            case TooManyRequests, RequestTimeout -> new CognitoError("TooManyRequestsException", 429, message);
            case UserNotFound -> new CognitoError("UserNotFoundException", 404, message);
            case UsernameExists -> new CognitoError("UsernameExistsException", 400, message);
            case InvalidPassword -> new CognitoError("InvalidPasswordException", 400, message);
            case CodeMismatch -> new CognitoError("CodeMismatchException", 400, message);
            case ExpiredCode -> new CognitoError("ExpiredCodeException", 400, message);
            case LimitExceeded -> new CognitoError("LimitExceededException", 400, message);
            case CodeDeliveryFailure -> new CognitoError("CodeDeliveryFailureException", 400, message);
            case UserNotConfirmed -> new CognitoError("UserNotConfirmedException", 400, message);
            case SoftwareTokenNotFound -> new CognitoError("SoftwareTokenMFANotFoundException", 400, message);
            case MfaMethodNotFound -> new CognitoError("MFAMethodNotFoundException", 400, message);
            case PasswordResetRequired -> new CognitoError("PasswordResetRequiredException", 400, message);
            case ConcurrentModification -> new CognitoError("ConcurrentModificationException", 400, message);
            case MasterKeyUnavailable, InternalError, ServiceUnavailable -> CognitoError.internal();
        };
    }
}
