package com.authledger.web;

import com.authledger.shared.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.List;

/**
 * Answers a refusal made by the plumbing before any controller runs, in the shape of the adapter whose protocol the
 * request speaks: the first {@link ErrorShape} bean, in bean order, that claims it.
 */
@Component
public class ErrorResponses {

    private final List<ErrorShape> shapes;

    public ErrorResponses(List<ErrorShape> shapes) {
        this.shapes = List.copyOf(shapes);
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException {
        for (ErrorShape shape : shapes) {
            if (shape.claims(request)) {
                shape.write(request, response, code, detail);
                return;
            }
        }
        throw new IllegalStateException("No error shape claims " + request.getMethod() + " requests of this path");
    }
}
