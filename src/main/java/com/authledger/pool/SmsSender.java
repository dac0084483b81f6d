package com.authledger.pool;

import com.authledger.shared.InvalidInput;

import java.util.regex.Pattern;

/**
 * The sender a pool is allowed to use for SMS (the seed's IAM role; Cognito's SmsConfiguration): a reference to the
 * credentials (an IAM role ARN, or the name of credentials the deployment holds), the external id presented when
 * assuming them, and the region. Which transport delivers the message is deployment configuration.
 */
public record SmsSender(String credentialsRef, String externalId, String region) {

    private static final Pattern CREDENTIALS_REF = Pattern.compile("[\\w+=,.@:/-]+");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]+");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    public static SmsSender of(String credentialsRef, String externalId, String region) {
        return new SmsSender(credentialsRef, externalId, region).validate();
    }

    /** Checked as submitted; stored values are trusted when read back. */
    public SmsSender validate() {
        InvalidInput.requireLength("smsSender.credentialsRef", credentialsRef, 1, 2048);
        Text.requirePattern("smsSender.credentialsRef", credentialsRef, CREDENTIALS_REF,
                "an IAM role ARN or a credentials name of letters, digits and +=,.@:/_-");
        if (externalId != null) {
            InvalidInput.requireLength("smsSender.externalId", externalId, 2, 1224);
            Text.requirePattern("smsSender.externalId", externalId, EXTERNAL_ID, "letters, digits and +=,.@:/_-");
        }
        InvalidInput.requireLength("smsSender.region", region, 5, 32);
        Text.requirePattern("smsSender.region", region, REGION, "an AWS region name such as us-east-1");
        return this;
    }
}
