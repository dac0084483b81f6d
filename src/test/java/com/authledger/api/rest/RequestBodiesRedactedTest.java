package com.authledger.api.rest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request bodies that carry a password, a code, a phone number, an email or a name never show them in their
 * string form, which Spring MVC logs at DEBUG.
 */
class RequestBodiesRedactedTest {

    private static final String PASSWORD = "Secret-Pass-123";
    private static final String CODE = "482913";
    private static final String PHONE = "+15555550199";
    private static final String EMAIL = "alice@shop.example";
    private static final String NAME = "Alice Liddell";
    private static final String USERNAME = "alice.l";

    @Test
    void noBodyShowsWhatItCarries() {
        EndUserContext context = new EndUserContext("203.0.113.7", "agent", null);
        List<Object> bodies = List.of(
                new UserController.CreateUserRequest(USERNAME, PASSWORD, NAME, EMAIL, PHONE, true, true),
                new UserController.SignUpRequest(USERNAME, PASSWORD, NAME, EMAIL, PHONE, context),
                new UserController.AttributesRequest(NAME, EMAIL, PHONE, true, true),
                new UserController.PhoneNumberRequest(PHONE, true),
                new UserController.VerifyAttributeRequest("phone_number", CODE, context),
                new UserController.CodeRequest(CODE, context),
                new UserController.PasswordRequest(PASSWORD, true),
                new UserController.VerifySoftwareTokenRequest(CODE, "phone"),
                new UserController.ConfirmForgotPasswordRequest(USERNAME, CODE, PASSWORD, context),
                new MeController.ChangePasswordRequest(PASSWORD, PASSWORD + "-new"));
        for (Object body : bodies) {
            assertThat(body.toString()).as(body.getClass().getSimpleName()).contains("redacted")
                    .doesNotContain(PASSWORD, CODE, PHONE, EMAIL, NAME, USERNAME);
        }
    }
}
