package com.authledger.api.cognito;

import com.authledger.security.ApiPrincipal;
import com.authledger.security.Role;
import com.authledger.security.SigV4Verifier;
import com.authledger.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

/** The AWS SDK's own Cognito client reads every answer of the pool and app client operations into its model. */
@IntegrationTest
class PoolOperationsSdkTest {

    @LocalServerPort
    int port;

    @MockitoBean
    SigV4Verifier signatures;

    private CognitoIdentityProviderClient cognito;

    @BeforeEach
    void setUp() {
        when(signatures.verify(any(), any())).thenReturn(ApiPrincipal.accessKey("ALAKTEST", Role.ADMIN));
        cognito = CognitoIdentityProviderClient.builder()
                .endpointOverride(URI.create("http://localhost:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("ALAKTEST", "test-secret-key-not-used")))
                .build();
    }

    @AfterEach
    void tearDown() {
        cognito.close();
    }

    @Test
    void poolAndClientLifecycleThroughTheSdk() {
        UserPoolType created = cognito.createUserPool(r -> r.poolName("Sdk pool")
                .mfaConfiguration(UserPoolMfaType.ON)
                .smsConfiguration(s -> s.snsCallerArn(PoolOperationsTest.ROLE_ARN).externalId("ext-1"))
                .policies(p -> p.passwordPolicy(pp -> pp.minimumLength(10)))).userPool();
        String id = created.id();
        assertThat(created.name()).isEqualTo("Sdk pool");
        assertThat(created.arn()).endsWith(":000000000000:userpool/" + id);
        assertThat(created.mfaConfiguration()).isEqualTo(UserPoolMfaType.ON);
        assertThat(created.creationDate()).isNotNull();
        assertThat(created.policies().passwordPolicy().minimumLength()).isEqualTo(10);
        assertThat(created.smsConfiguration().snsRegion()).isEqualTo("us-east-1");

        var set = cognito.setUserPoolMfaConfig(r -> r.userPoolId(id).mfaConfiguration(UserPoolMfaType.ON)
                .smsMfaConfiguration(s -> s.smsAuthenticationMessage("Code {####}"))
                .softwareTokenMfaConfiguration(t -> t.enabled(true)));
        assertThat(set.mfaConfiguration()).isEqualTo(UserPoolMfaType.ON);
        assertThat(set.softwareTokenMfaConfiguration().enabled()).isTrue();
        var read = cognito.getUserPoolMfaConfig(r -> r.userPoolId(id));
        assertThat(read.smsMfaConfiguration().smsAuthenticationMessage()).isEqualTo("Code {####}");
        assertThat(read.smsMfaConfiguration().smsConfiguration().snsCallerArn()).isEqualTo(PoolOperationsTest.ROLE_ARN);

        assertThatThrownBy(() -> cognito.updateUserPool(r -> r.userPoolId(id)
                .mfaConfiguration(UserPoolMfaType.OPTIONAL).userPoolAddOns(a -> a.advancedSecurityMode("ENFORCED"))))
                .isInstanceOf(InvalidParameterException.class);
        cognito.updateUserPool(r -> r.userPoolId(id).mfaConfiguration(UserPoolMfaType.OPTIONAL));
        UserPoolType described = cognito.describeUserPool(r -> r.userPoolId(id)).userPool();
        assertThat(described.mfaConfiguration()).isEqualTo(UserPoolMfaType.OPTIONAL);
        assertThat(described.lastModifiedDate()).isAfterOrEqualTo(described.creationDate());
        assertThat(described.estimatedNumberOfUsers()).isZero();

        UserPoolClientType client = cognito.createUserPoolClient(r -> r.userPoolId(id).clientName("sdk")
                .generateSecret(true).explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                        ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)).userPoolClient();
        assertThat(client.clientSecret()).isNotEmpty();
        assertThat(client.explicitAuthFlows()).containsExactlyInAnyOrder(ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH);
        assertThat(client.tokenValidityUnits().accessTokenAsString()).isEqualTo("minutes");
        UserPoolClientType again = cognito.describeUserPoolClient(r -> r.userPoolId(id)
                .clientId(client.clientId())).userPoolClient();
        assertThat(again.clientSecret()).isEqualTo(client.clientSecret());
        assertThat(again.creationDate()).isEqualTo(client.creationDate());

        assertThat(cognito.listUserPools(r -> r.maxResults(60)).userPools())
                .anySatisfy(p -> assertThat(p.id()).isEqualTo(id));
        cognito.deleteUserPool(r -> r.userPoolId(id));
        assertThatThrownBy(() -> cognito.describeUserPool(r -> r.userPoolId(id)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(cognito.listUserPools(r -> r.maxResults(60)).userPools())
                .noneSatisfy(p -> assertThat(p.id()).isEqualTo(id));
    }
}
