package com.authledger.sms;

import com.authledger.pool.SmsSender;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SNS through the AWS SDK, against a stand-in for STS and SNS on 127.0.0.1: the pool's role is assumed with its
 * external id, and the message is published, signed with the assumed role's credentials, as a transactional SMS.
 */
class SnsTransportTest {

    private record Call(String body, String authorization) {
    }

    private HttpServer aws;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startAws() throws IOException {
        aws = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        aws.createContext("/", exchange -> {
            String body = URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            calls.add(new Call(body, exchange.getRequestHeaders().getFirst("Authorization")));
            String answer = body.contains("Action=AssumeRole") ? """
                    <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
                    <Credentials><AccessKeyId>ASIAPOOLROLE</AccessKeyId><SecretAccessKey>pool-secret</SecretAccessKey>
                    <SessionToken>pool-session</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
                    <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/sms/authledger-sms</Arn>
                    <AssumedRoleId>AROAEXAMPLE:authledger-sms</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>
                    <ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></AssumeRoleResponse>"""
                    : """
                    <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>
                    <MessageId>m1</MessageId></PublishResult><ResponseMetadata><RequestId>r2</RequestId>
                    </ResponseMetadata></PublishResponse>""";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        aws.start();
    }

    @AfterEach
    void stopAws() {
        aws.stop(0);
    }

    @Test
    void aPoolsRoleIsAssumedWithItsExternalIdAndTheTextIsPublishedAsTransactional() {
        URI endpoint = URI.create("http://127.0.0.1:" + aws.getAddress().getPort());
        try (SnsTransport sns = new SnsTransport(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIADEPLOYMENT", "deployment")),
                endpoint)) {
            sns.deliver(new SmsMessage("eu-west-1_Pool12345",
                    new SmsSender("arn:aws:iam::123456789012:role/shop-sms", "shop-external-id", "eu-west-1"),
                    "+15555550100", "Your code is 123456", "sign-in"));
        }

        assertThat(calls).hasSize(2);
        Call assume = calls.get(0);
        assertThat(assume.body()).contains("Action=AssumeRole", "RoleArn=arn:aws:iam::123456789012:role/shop-sms",
                "ExternalId=shop-external-id");
        assertThat(assume.authorization()).contains("Credential=AKIADEPLOYMENT/");
        Call publish = calls.get(1);
        assertThat(publish.body()).contains("Action=Publish", "PhoneNumber=+15555550100",
                "Message=Your code is 123456", "StringValue=Transactional");
        assertThat(publish.authorization()).contains("Credential=ASIAPOOLROLE/").contains("/eu-west-1/sns/");
    }

    @Test
    void aCredentialsReferenceThatIsNoRoleUsesTheDeploymentsCredentials() {
        URI endpoint = URI.create("http://127.0.0.1:" + aws.getAddress().getPort());
        try (SnsTransport sns = new SnsTransport(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIADEPLOYMENT", "deployment")),
                endpoint)) {
            sns.deliver(new SmsMessage("us-east-1_Pool12345", new SmsSender("deployment-default", null, "us-east-1"),
                    "+15555550111", "Your code is 222333", "sign-in"));
        }

        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).body()).contains("Action=Publish", "PhoneNumber=+15555550111");
        assertThat(calls.get(0).authorization()).contains("Credential=AKIADEPLOYMENT/");
    }
}
