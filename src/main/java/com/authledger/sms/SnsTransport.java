package com.authledger.sms;

import com.authledger.pool.SmsSender;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends through AWS SNS with the pool's own sender configuration, as Cognito does: the pool's role (credentialsRef,
 * an IAM role ARN) is assumed through STS with the pool's external id, in the pool's SNS region; a credentialsRef
 * that is not a role ARN uses the deployment's own AWS credentials. One client per sender configuration.
 */
public final class SnsTransport implements SmsTransport, AutoCloseable {

    private static final MessageAttributeValue TRANSACTIONAL = MessageAttributeValue.builder()
            .dataType("String").stringValue("Transactional").build();

    private final AwsCredentialsProvider deploymentCredentials;
    private final URI endpointOverride;
    private final Map<SmsSender, SnsClient> clients = new ConcurrentHashMap<>();

    /** @param endpointOverride null in production; a local endpoint for tests */
    public SnsTransport(AwsCredentialsProvider deploymentCredentials, URI endpointOverride) {
        this.deploymentCredentials = deploymentCredentials;
        this.endpointOverride = endpointOverride;
    }

    @Override
    public void deliver(SmsMessage message) {
        clients.computeIfAbsent(message.sender(), this::client).publish(PublishRequest.builder()
                .phoneNumber(message.destination())
                .message(message.text())
                .messageAttributes(Map.of("AWS.SNS.SMS.SMSType", TRANSACTIONAL))
                .build());
    }

    private SnsClient client(SmsSender sender) {
        Region region = Region.of(sender.region());
        var builder = SnsClient.builder().region(region).credentialsProvider(credentials(sender, region));
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder.build();
    }

    private AwsCredentialsProvider credentials(SmsSender sender, Region region) {
        if (!sender.credentialsRef().startsWith("arn:") || !sender.credentialsRef().contains(":role/")) {
            return deploymentCredentials;
        }
        var sts = StsClient.builder().region(region).credentialsProvider(deploymentCredentials);
        if (endpointOverride != null) {
            sts.endpointOverride(endpointOverride);
        }
        AssumeRoleRequest.Builder assume = AssumeRoleRequest.builder().roleArn(sender.credentialsRef())
                .roleSessionName("authledger-sms");
        if (sender.externalId() != null) {
            assume.externalId(sender.externalId());
        }
        return StsAssumeRoleCredentialsProvider.builder().stsClient(sts.build()).refreshRequest(assume.build())
                .build();
    }

    @Override
    public void close() {
        clients.values().forEach(SnsClient::close);
    }
}
