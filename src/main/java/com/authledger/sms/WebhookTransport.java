package com.authledger.sms;

import com.authledger.shared.TransportFailure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hands each message to an HTTPS endpoint of the operator's SMS gateway. The body is signed with HMAC-SHA256 under a
 * shared secret from configuration, over the timestamp and the body
 * ({@code X-Authledger-Signature: t=<epoch seconds>,v1=<hex>}), so the gateway can refuse forged or replayed calls.
 */
public final class WebhookTransport implements SmsTransport {

    public static final String SIGNATURE_HEADER = "X-Authledger-Signature";

    /** The gateway did not take the message. */
    public static final class DeliveryFailed extends TransportFailure {
        DeliveryFailed(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final byte[] signingSecret;
    private final HttpClient http;
    private final Clock clock;

    public WebhookTransport(URI endpoint, String signingSecret, DestinationPolicy policy, HttpClient http,
                            Clock clock) {
        policy.check(endpoint);
        if (signingSecret == null || signingSecret.length() < 32) {
            throw new IllegalStateException("authledger.sms.webhook.signing-secret must be at least 32 characters");
        }
        this.endpoint = endpoint;
        this.signingSecret = signingSecret.getBytes(StandardCharsets.UTF_8);
        this.http = http;
        this.clock = clock;
    }

    @Override
    public void deliver(SmsMessage message) {
        try {
            HttpResponse<Void> response = http.send(request(message), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new DeliveryFailed("The SMS webhook answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new DeliveryFailed("The SMS webhook could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailed("Interrupted while calling the SMS webhook");
        }
    }

    HttpRequest request(SmsMessage message) {
        long timestamp = clock.instant().getEpochSecond();
        String body = body(message, timestamp);
        return HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, "t=" + timestamp + ",v1=" + signature(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    static String body(SmsMessage message, long timestamp) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("poolId", message.poolId());
        fields.put("to", message.destination());
        fields.put("text", message.text());
        fields.put("purpose", message.purpose());
        fields.put("region", message.sender().region());
        fields.put("credentialsRef", message.sender().credentialsRef());
        fields.put("sentAt", timestamp);
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String signature(long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
