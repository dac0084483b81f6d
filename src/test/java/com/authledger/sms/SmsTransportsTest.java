package com.authledger.sms;

import com.authledger.pool.SmsSender;
import com.authledger.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmsTransportsTest {

    private static final String SECRET = "a-webhook-signing-secret-of-32-chars!";
    private static final SmsSender SENDER = new SmsSender("arn:aws:iam::123456789012:role/sms", "ext", "eu-west-1");
    private static final SmsMessage MESSAGE = new SmsMessage("eu-west-1_Pool12345", SENDER, "+15555550100",
            "Your code is 123456", "sign-in");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));

    @ParameterizedTest
    @ValueSource(strings = {"http://203.0.113.10/sms", "https://127.0.0.1/sms", "https://10.1.2.3/sms",
            "https://192.168.0.5/sms", "https://172.16.0.1/sms", "https://169.254.169.254/latest",
            "https://100.64.0.1/sms", "https://0.0.0.0/sms", "https://[::1]/sms", "https://[fd00::1]/sms",
            "https://[fe80::1]/sms", "https://user@203.0.113.10/sms", "ftp://203.0.113.10/sms"})
    void outboundCallsGoOverHttpsToPublicAddressesOnly(String url) {
        assertThatThrownBy(() -> new DestinationPolicy(false).check(URI.create(url)))
                .isInstanceOf(DestinationPolicy.Refused.class).hasMessageNotContaining("203.0.113.10");
    }

    @Test
    void aPublicHttpsDestinationIsAcceptedAndPrivateOnesOnlyWhenAllowed() {
        new DestinationPolicy(false).check(URI.create("https://203.0.113.10/sms"));
        new DestinationPolicy(true).check(URI.create("https://10.1.2.3/sms"));
        assertThatThrownBy(() -> new DestinationPolicy(true).check(URI.create("http://10.1.2.3/sms")))
                .isInstanceOf(DestinationPolicy.Refused.class);
    }

    @Test
    void webhookBodiesAreSignedOverTheTimestampAndTheBody() throws Exception {
        WebhookTransport webhook = new WebhookTransport(URI.create("https://203.0.113.10/sms"), SECRET,
                new DestinationPolicy(false), HttpClient.newHttpClient(), clock);

        HttpRequest request = webhook.request(MESSAGE);
        String body = WebhookTransport.body(MESSAGE, clock.instant().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((clock.instant().getEpochSecond() + "." + body)
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.headers().firstValue(WebhookTransport.SIGNATURE_HEADER))
                .hasValue("t=" + clock.instant().getEpochSecond() + ",v1=" + expected);
        assertThat(body).contains("\"to\":\"+15555550100\"", "\"purpose\":\"sign-in\"", "\"region\":\"eu-west-1\"");
    }

    @Test
    void aWebhookNeedsASafeDestinationAndALongSecret() {
        assertThatThrownBy(() -> new WebhookTransport(URI.create("http://203.0.113.10/sms"), SECRET,
                new DestinationPolicy(false), HttpClient.newHttpClient(), clock))
                .isInstanceOf(DestinationPolicy.Refused.class);
        assertThatThrownBy(() -> new WebhookTransport(URI.create("https://203.0.113.10/sms"), "short",
                new DestinationPolicy(false), HttpClient.newHttpClient(), clock))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTextMessageNeverPrintsItsNumberOrItsText() {
        assertThat(MESSAGE.toString()).doesNotContain("5555550100").doesNotContain("123456");
    }
}
