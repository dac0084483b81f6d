package com.authledger.shared;

/**
 * Every error the API can return, with its HTTP status. The name is the stable machine code clients match on;
 * docs/errors.md lists them all (a test keeps the two in step).
 */
public enum ErrorCode {
    // The request itself.
    MalformedJson(400),
    UnknownField(400),
    InvalidFieldValue(400),
    InvalidParameter(400),
    PayloadTooLarge(413),
    UnsupportedMediaType(415),
    NotAcceptable(406),
    MethodNotAllowed(405),
    NotFound(404),
    RequestTimeout(408),
    UriTooLong(414),
    HeadersTooLarge(431),
    TooManyRequests(429),

    // Who is calling.
    Unauthenticated(401),
    Forbidden(403),
    // A pool's token (ID or access) refused by the verifier.
    InvalidToken(401),

    // Pools.
    PoolNotFound(404),
    PoolNotYetCreated(404),

    // App clients of a pool.
    AppClientNotFound(404),
    SecretHashMismatch(400),

    // Rules of the seed, refused by the UserPool aggregate.
    MfaRequiredOnlyAtCreation(409),
    NoMfaFactorEnabled(409),
    SmsSenderRequired(409),
    AdaptiveAuthenticationRequiresOptionalMfa(409),
    AdaptiveAuthenticationActive(409),

    // Users and their factors, refused by the User aggregate.
    UserNotFound(404),
    UsernameExists(409),
    InvalidPassword(400),
    CodeMismatch(400),
    ExpiredCode(400),
    LimitExceeded(429),
    CodeDeliveryFailure(400),
    UserNotConfirmed(409),
    InvalidUserState(409),
    PhoneNumberNotVerified(409),
    PhoneNumberMissing(409),
    EmailMissing(409),
    FactorNotSupportedByPool(409),
    SoftwareTokenNotFound(409),

    // Sign-in, refused by the SignInService and the SignInSession aggregate.
    NotAuthorized(400),
    PasswordAttemptsExceeded(429),
    InvalidSession(400),
    SessionExpired(400),
    RefreshTokenRevoked(400),
    PasswordResetRequired(409),
    AuthFlowNotEnabled(400),
    MfaMethodNotFound(400),
    StepUpRequired(403),

    // The caller's If-Match names a version that is no longer current.
    VersionMismatch(412),

    // Two writers raced on one aggregate and the retries ran out.
    ConcurrentModification(409),

    // Operations: a data key is wrapped under a master key this node's key ring does not hold.
    MasterKeyUnavailable(409),

    InternalError(500),
    ServiceUnavailable(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
