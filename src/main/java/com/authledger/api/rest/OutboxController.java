package com.authledger.api.rest;

import com.authledger.delivery.DevelopmentOutbox;
import com.authledger.delivery.OutboxEnabled;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * The development outbox: only when the SMS or the email transport is the outbox, and only for admin keys (it shows
 * codes).
 */
@RestController
@Conditional(OutboxEnabled.class)
@Tag(name = "Development")
class OutboxController {

    private final DevelopmentOutbox outbox;

    OutboxController(DevelopmentOutbox outbox) {
        this.outbox = outbox;
    }

    @Operation(summary = "Text messages and emails the development transport kept, newest first")
    @GetMapping(path = "/api/v1/dev/outbox", produces = MediaType.APPLICATION_JSON_VALUE)
    PoolResponses.PageResponse<DevelopmentOutbox.Delivered> messages() {
        List<DevelopmentOutbox.Delivered> messages = outbox.messages();
        return new PoolResponses.PageResponse<>(messages, null);
    }
}
