package com.authledger.security;

/**
 * A caller of the admin APIs: an API key of the REST API ({@code apikey:<name>}) or an access key that signs Cognito
 * protocol calls ({@code accesskey:<access key id>}). Its actor is recorded on every event it causes.
 */
public record ApiPrincipal(String name, Role role, String actor) {

    /** An API key of the REST API. */
    public ApiPrincipal(String name, Role role) {
        this(name, role, "apikey:" + name);
    }

    /** An access key that signs with AWS Signature Version 4. */
    public static ApiPrincipal accessKey(String accessKeyId, Role role) {
        return new ApiPrincipal(accessKeyId, role, "accesskey:" + accessKeyId);
    }
}
