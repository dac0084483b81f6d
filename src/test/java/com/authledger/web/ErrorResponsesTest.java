package com.authledger.web;

import com.authledger.shared.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A refusal of the plumbing is answered by the first error shape, in bean order, that claims the request. */
class ErrorResponsesTest {

    /** Claims the requests to one path and answers with its name. */
    private record NamedShape(String name, String path) implements ErrorShape {
        @Override
        public boolean claims(HttpServletRequest request) {
            return path == null || path.equals(request.getRequestURI());
        }

        @Override
        public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
                throws IOException {
            response.setStatus(code.httpStatus());
            response.getWriter().write(name + ":" + code + ":" + detail);
        }
    }

    @Test
    void theFirstShapeThatClaimsTheRequestAnswersIt() throws IOException {
        ErrorResponses errors = new ErrorResponses(List.of(new NamedShape("cognito", "/"),
                new NamedShape("rest", null)));

        assertThat(answer(errors, "/")).isEqualTo("cognito:PayloadTooLarge:too large");
        assertThat(answer(errors, "/api/v1/pools")).isEqualTo("rest:PayloadTooLarge:too large");
    }

    @Test
    void aRequestNoShapeClaimsIsAProgrammingError() {
        ErrorResponses errors = new ErrorResponses(List.of(new NamedShape("cognito", "/")));

        assertThatThrownBy(() -> answer(errors, "/api/v1/pools")).isInstanceOf(IllegalStateException.class);
    }

    private static String answer(ErrorResponses errors, String path) throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        errors.write(request, response, ErrorCode.PayloadTooLarge, "too large");
        assertThat(response.getStatus()).isEqualTo(413);
        return response.getContentAsString();
    }
}
