package com.authledger.api.rest;

import com.authledger.sms.DevelopmentOutbox;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The development outbox: only when that transport is configured, and only for admin keys (it shows codes). */
@RestController
@ConditionalOnProperty(name = "authledger.sms.transport", havingValue = "outbox")
@Tag(name = "Development")
class OutboxController {

    private final DevelopmentOutbox outbox;

    OutboxController(DevelopmentOutbox outbox) {
        this.outbox = outbox;
    }

    @Operation(summary = "Text messages the development transport kept, newest first")
    @GetMapping(path = "/api/v1/dev/outbox", produces = MediaType.APPLICATION_JSON_VALUE)
    PoolResponses.PageResponse<DevelopmentOutbox.Delivered> messages() {
        List<DevelopmentOutbox.Delivered> messages = outbox.messages();
        return new PoolResponses.PageResponse<>(messages, null);
    }
}
