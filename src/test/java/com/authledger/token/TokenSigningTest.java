package com.authledger.token;

import com.authledger.secrets.DataKeyVault;
import com.authledger.signin.api.IssuedTokens;
import com.authledger.signin.api.TokenRequest;
import com.authledger.shared.AuthledgerException;
import com.authledger.shared.ErrorCode;
import com.authledger.support.IntegrationTest;
import com.authledger.support.MutableClock;
import com.authledger.support.TestApi;
import com.authledger.support.TestClockConfiguration;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tokens are checked with nimbus against the JWKS fetched over HTTP, independently of {@link TokenVerifier}; the
 * verifier refuses every forged, foreign, expired or altered token; rotation keeps old tokens verifiable; the private
 * keys are nowhere in plaintext.
 */
@IntegrationTest
class TokenSigningTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer issuer;

    @Autowired
    TokenVerifier verifier;

    @Autowired
    SigningKeys signingKeys;

    @Autowired
    DataKeyVault vault;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    PlatformTransactionManager transactions;

    @BeforeEach
    void resetClock() {
        clock.set(TestClockConfiguration.START);
    }

    private String createPool(String name) {
        TestApi.Response created = TestApi.admin(port).post("/api/v1/pools",
                "{\"name\":\"" + name + "\",\"mfaMode\":\"OFF\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("poolId").asText();
    }

    private static TokenRequest request(String poolId) {
        return new TokenRequest(poolId, "client-abc", "5f0c5a1e-0000-4000-8000-000000000001", "alice",
                TestClockConfiguration.START.minusSeconds(5), true, List.of("pwd", "otp"), "event-123", "family-123", HOUR);
    }

    private JWKSet servedJwks(String poolId) throws Exception {
        TestApi.Response response = TestApi.anonymous(port).get("/" + poolId + "/.well-known/jwks.json");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return JWKSet.parse(response.body());
    }

    /** Checks a token with nimbus alone, against the JWKS as a client fetches it. */
    private JWTClaimsSet verifiedByJwks(String poolId, String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        JWK key = servedJwks(poolId).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("the served JWKS holds the token's kid").isNotNull();
        assertThat(jwt.verify(new RSASSAVerifier(key.toRSAKey()))).isTrue();
        return jwt.getJWTClaimsSet();
    }

    private void assertRefused(String poolId, String token, String because) {
        assertThatThrownBy(() -> verifier.verifyAccessToken(poolId, token)).as(because)
                .isInstanceOf(InvalidToken.class)
                .satisfies(e -> assertThat(((AuthledgerException) e).code()).isEqualTo(ErrorCode.InvalidToken));
    }

    @Test
    void issuedTokensVerifyAgainstTheServedJwksAndCarryCognitosClaims() throws Exception {
        String poolId = createPool("Claims");
        IssuedTokens tokens = issuer.issue(request(poolId));
        assertThat(tokens.expiresIn()).isEqualTo(3600);

        JWTClaimsSet id = verifiedByJwks(poolId, tokens.idToken());
        JWTClaimsSet access = verifiedByJwks(poolId, tokens.accessToken());
        String iss = "http://localhost:8080/" + poolId;
        long iat = TestClockConfiguration.START.getEpochSecond();
        long authTime = TestClockConfiguration.START.minusSeconds(5).getEpochSecond();

        assertThat(id.getIssuer()).isEqualTo(iss);
        assertThat(id.getSubject()).isEqualTo("5f0c5a1e-0000-4000-8000-000000000001");
        assertThat(id.getAudience()).containsExactly("client-abc");
        assertThat(id.getStringClaim("token_use")).isEqualTo("id");
        assertThat(id.getStringClaim("cognito:username")).isEqualTo("alice");
        assertThat(id.getBooleanClaim("phone_number_verified")).isTrue();
        assertThat(id.getLongClaim("auth_time")).isEqualTo(authTime);
        assertThat(id.getIssueTime().toInstant().getEpochSecond()).isEqualTo(iat);
        assertThat(id.getExpirationTime().toInstant().getEpochSecond()).isEqualTo(iat + 3600);
        assertThat(id.getStringClaim("event_id")).isEqualTo("event-123");
        assertThat(id.getStringListClaim("amr")).containsExactly("pwd", "otp");
        assertThat(id.getJWTID()).isNotBlank();

        assertThat(access.getIssuer()).isEqualTo(iss);
        assertThat(access.getSubject()).isEqualTo(id.getSubject());
        assertThat(access.getStringClaim("token_use")).isEqualTo("access");
        assertThat(access.getStringClaim("client_id")).isEqualTo("client-abc");
        assertThat(access.getStringClaim("username")).isEqualTo("alice");
        assertThat(access.getStringClaim("scope")).isEqualTo(TokenIssuer.ACCESS_SCOPE);
        assertThat(access.getLongClaim("auth_time")).isEqualTo(authTime);
        assertThat(access.getStringClaim("event_id")).isEqualTo("event-123");
        assertThat(access.getStringListClaim("amr")).containsExactly("pwd", "otp");
        assertThat(access.getJWTID()).isNotBlank().isNotEqualTo(id.getJWTID());
        assertThat(access.getStringClaim("origin_jti")).isEqualTo(id.getStringClaim("origin_jti"));

        VerifiedToken verified = verifier.verifyAccessToken(poolId, tokens.accessToken());
        assertThat(verified.keyId()).isEqualTo(tokens.keyId());
        assertThat(verified.sub()).isEqualTo(id.getSubject());
        assertThat(verified.username()).isEqualTo("alice");
        assertThat(verified.clientId()).isEqualTo("client-abc");
        assertThat(verified.authTime()).isEqualTo(Instant.ofEpochSecond(authTime));
        assertThat(verified.expiresAt()).isEqualTo(Instant.ofEpochSecond(iat + 3600));
        assertThat(verified.amr()).containsExactly("pwd", "otp");
        assertThat(verified.eventId()).isEqualTo("event-123");
        VerifiedToken verifiedId = verifier.verifyIdToken(poolId, tokens.idToken());
        assertThat(verifiedId.use()).isEqualTo(TokenUse.ID);
        assertThat(verifiedId.clientId()).isEqualTo("client-abc");
        assertThat(verifiedId.username()).isEqualTo("alice");

        // an ID token is not an access token
        assertRefused(poolId, tokens.idToken(), "an ID token offered as access token");
        // a token within the clock skew after its expiry still passes; beyond it, refused
        clock.set(Instant.ofEpochSecond(iat + 3600).plus(TokenVerifier.CLOCK_SKEW).minusSeconds(1));
        verifier.verifyAccessToken(poolId, tokens.accessToken());
    }

    @Test
    void theJwksAndDiscoveryDocumentArePublicAndHoldNoPrivateParameter() throws Exception {
        String poolId = createPool("Public keys");
        TestApi anonymous = TestApi.anonymous(port);
        assertThat(anonymous.get("/" + poolId + "/.well-known/jwks.json").json().path("keys").size())
                .as("no key before the first token").isZero();
        issuer.issue(request(poolId));
        signingKeys.rotate(poolId);

        TestApi.Response jwks = anonymous.get("/" + poolId + "/.well-known/jwks.json");
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.header("Content-Type")).startsWith("application/json");
        assertThat(jwks.header("Cache-Control")).contains("max-age");
        JsonNode keys = jwks.json().path("keys");
        assertThat(keys.size()).isEqualTo(2);
        for (JsonNode key : keys) {
            assertThat(key.path("kty").asText()).isEqualTo("RSA");
            assertThat(key.path("use").asText()).isEqualTo("sig");
            assertThat(key.path("alg").asText()).isEqualTo("RS256");
            assertThat(key.path("kid").asText()).matches("[A-Za-z0-9_-]{22}");
            assertThat(key.path("e").asText()).isEqualTo("AQAB");
            assertThat(Base64.getUrlDecoder().decode(key.path("n").asText())).hasSizeBetween(256, 257);
            for (String secret : List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k")) {
                assertThat(key.has(secret)).as("private parameter %s", secret).isFalse();
            }
        }
        for (String stored : jdbc.queryForList("SELECT public_jwk FROM signing_key", String.class)) {
            assertThat(RSAKey.parse(stored).isPrivate()).isFalse();
        }

        TestApi.Response discovery = anonymous.get("/" + poolId + "/.well-known/openid-configuration");
        assertThat(discovery.status()).isEqualTo(200);
        JsonNode document = discovery.json();
        assertThat(document.path("issuer").asText()).isEqualTo("http://localhost:8080/" + poolId);
        assertThat(document.path("jwks_uri").asText())
                .isEqualTo("http://localhost:8080/" + poolId + "/.well-known/jwks.json");
        assertThat(document.path("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"RS256\"]");
        assertThat(document.path("subject_types_supported").toString()).isEqualTo("[\"public\"]");
        assertThat(document.path("response_types_supported").isArray()).isTrue();

        // a wrong API key is still refused: the paths are public, not a way around the key check
        assertThat(TestApi.withKey(port, "not-a-key").get("/" + poolId + "/.well-known/jwks.json").status())
                .isEqualTo(401);
        // only these two paths are public
        assertThat(anonymous.get("/" + poolId + "/.well-known/other").status()).isEqualTo(401);
    }

    @Test
    void anUnknownPoolHasNoJwksAndNoDiscoveryDocument() {
        TestApi anonymous = TestApi.anonymous(port);
        for (String path : List.of("/us-east-1_NoSuchPoo/.well-known/jwks.json",
                "/us-east-1_NoSuchPoo/.well-known/openid-configuration", "/not-a-pool-id/.well-known/jwks.json")) {
            TestApi.Response response = anonymous.get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.code()).isEqualTo("PoolNotFound");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM signing_key WHERE pool_id = 'us-east-1_NoSuchPoo'",
                Integer.class)).isZero();
        assertThat(TestApi.admin(port).post("/api/v1/pools/us-east-1_NoSuchPoo/signing-keys/rotate", null).code())
                .isEqualTo("PoolNotFound");
    }

    @Test
    void forgedForeignExpiredAndAlteredTokensAreRefused() throws Exception {
        String poolId = createPool("Refusals");
        String otherPool = createPool("Other");
        IssuedTokens tokens = issuer.issue(request(poolId));
        SignedJWT genuine = SignedJWT.parse(tokens.accessToken());
        JWTClaimsSet claims = genuine.getJWTClaimsSet();
        RSAKey published = servedJwks(poolId).getKeyByKeyId(tokens.keyId()).toRSAKey();

        // HS256 "signed" with the public key as the HMAC secret, in two of its usual encodings
        for (byte[] secret : List.of(published.toRSAPublicKey().getEncoded(),
                published.toJSONString().getBytes(StandardCharsets.UTF_8))) {
            SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(tokens.keyId())
                    .type(JOSEObjectType.JWT).build(), claims);
            hmac.sign(new MACSigner(secret));
            assertRefused(poolId, hmac.serialize(), "HS256 with the public key as secret");
        }

        // alg none, as nimbus writes it and with the genuine signature left on
        assertRefused(poolId, new PlainJWT(claims).serialize(), "alg none");
        String noneHeader = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + tokens.keyId() + "\"}")
                .toString();
        String[] parts = tokens.accessToken().split("\\.");
        assertRefused(poolId, noneHeader + "." + parts[1] + ".", "alg none, no signature");
        assertRefused(poolId, noneHeader + "." + parts[1] + "." + parts[2], "alg none, a signature left on");

        // a key of our own under a kid the pool does not know, and under the pool's real kid
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker-kid").generate();
        assertRefused(poolId, signed(attacker, "attacker-kid", JWSAlgorithm.RS256, claims), "unknown kid");
        assertRefused(poolId, signed(attacker, tokens.keyId(), JWSAlgorithm.RS256, claims), "wrong key, real kid");
        assertRefused(poolId, signed(attacker, null, JWSAlgorithm.RS256, claims), "no kid");
        // the pool's own key with another RSA algorithm is not RS256: refused before any signature check
        SigningKeys.SigningKey current = signingKeys.current(poolId);
        RSAKey real = new RSAKey.Builder(current.publicJwk()).privateKey(current.privateKey()).build();
        assertRefused(poolId, signed(real, tokens.keyId(), JWSAlgorithm.PS256, claims), "PS256");
        assertRefused(poolId, signed(real, tokens.keyId(), JWSAlgorithm.RS512, claims), "RS512");
        // signed with the real key, but not this pool's issuer, or not an access token
        assertRefused(poolId, signed(real, tokens.keyId(), JWSAlgorithm.RS256,
                new JWTClaimsSet.Builder(claims).issuer("http://localhost:8080/" + otherPool).build()), "issuer");
        assertRefused(poolId, signed(real, tokens.keyId(), JWSAlgorithm.RS256,
                new JWTClaimsSet.Builder(claims).claim("token_use", "id").build()), "token_use");
        // the control: the same construction with the genuine claims verifies
        verifier.verifyAccessToken(poolId, signed(real, tokens.keyId(), JWSAlgorithm.RS256, claims));

        // another pool's token
        IssuedTokens foreign = issuer.issue(request(otherPool));
        verifier.verifyAccessToken(otherPool, foreign.accessToken());
        assertRefused(poolId, foreign.accessToken(), "another pool's token");

        // a tampered payload under the genuine header and signature
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String tampered = Base64URL.encode(payload.replace("\"alice\"", "\"admin\"")).toString();
        assertThat(tampered).isNotEqualTo(parts[1]);
        assertRefused(poolId, parts[0] + "." + tampered + "." + parts[2], "tampered payload");
        // a flipped signature, garbage, nothing, five parts (JWE) and an oversized token
        assertRefused(poolId, parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10)
                + (parts[2].charAt(10) == 'A' ? 'B' : 'A') + parts[2].substring(11), "altered signature");
        assertRefused(poolId, "garbage", "not a JWT");
        assertRefused(poolId, "", "empty");
        assertRefused(poolId, "a.b.c.d.e", "five parts");
        assertRefused(poolId, parts[0] + "." + "A".repeat(9000) + "." + parts[2], "too long");

        // expired: beyond exp and the clock skew
        verifier.verifyAccessToken(poolId, tokens.accessToken());
        clock.set(tokens.expiresAt().plus(TokenVerifier.CLOCK_SKEW));
        assertRefused(poolId, tokens.accessToken(), "expired");
        // issued in the future
        clock.set(tokens.issuedAt().minus(TokenVerifier.CLOCK_SKEW).minusSeconds(1));
        assertRefused(poolId, tokens.accessToken(), "issued in the future");
    }

    private static String signed(RSAKey key, String kid, JWSAlgorithm alg, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void rotationKeepsOldTokensVerifiableUntilTheirKeyIsRetired() throws Exception {
        String poolId = createPool("Rotation");
        IssuedTokens before = issuer.issue(request(poolId));

        TestApi admin = TestApi.admin(port);
        String rotatePath = "/api/v1/pools/" + poolId + "/signing-keys/rotate";
        assertThat(TestApi.auditor(port).post(rotatePath, null).status()).isEqualTo(403);
        assertThat(TestApi.anonymous(port).post(rotatePath, null).status()).isEqualTo(401);
        TestApi.Response rotated = admin.post(rotatePath, null);
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String newKid = rotated.json().path("kid").asText();
        assertThat(newKid).isNotBlank().isNotEqualTo(before.keyId());

        IssuedTokens after = issuer.issue(request(poolId));
        assertThat(after.keyId()).isEqualTo(newKid);
        assertThat(SignedJWT.parse(after.idToken()).getHeader().getKeyID()).isEqualTo(newKid);
        verifier.verifyAccessToken(poolId, before.accessToken());
        verifier.verifyAccessToken(poolId, after.accessToken());
        verifiedByJwks(poolId, before.accessToken());
        verifiedByJwks(poolId, after.accessToken());
        assertThat(servedJwks(poolId).getKeys()).extracting(JWK::getKeyID).containsExactly(newKid, before.keyId());

        TestApi.Response listed = TestApi.auditor(port).get("/api/v1/pools/" + poolId + "/signing-keys");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("keys").get(0).path("kid").asText()).isEqualTo(newKid);
        assertThat(listed.json().path("keys").get(0).path("current").asBoolean()).isTrue();
        assertThat(listed.json().path("keys").get(1).path("current").asBoolean()).isFalse();
        assertThat(listed.body()).doesNotContain("\"d\"").doesNotContain("sealed").doesNotContain("private");

        // retiring the old key: unpublished, its tokens refused, its private half shredded
        TestApi.Response retired = admin.post("/api/v1/pools/" + poolId + "/signing-keys/" + before.keyId()
                + "/retire", null);
        assertThat(retired.json().path("retired").asBoolean()).as(retired.toString()).isTrue();
        assertRefused(poolId, before.accessToken(), "a retired key's token");
        verifier.verifyAccessToken(poolId, after.accessToken());
        assertThat(servedJwks(poolId).getKeys()).extracting(JWK::getKeyID).containsExactly(newKid);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM data_key WHERE owner_id = ?", Integer.class,
                "signing-key:" + before.keyId())).isZero();
        assertThat(admin.post("/api/v1/pools/" + poolId + "/signing-keys/" + before.keyId() + "/retire", null)
                .json().path("retired").asBoolean()).isFalse();

        // retiring the current key too: the next token gets a new one
        signingKeys.retire(poolId, newKid);
        IssuedTokens fresh = issuer.issue(request(poolId));
        assertThat(fresh.keyId()).isNotIn(before.keyId(), newKid);
        verifier.verifyAccessToken(poolId, fresh.accessToken());
    }

    @Test
    void anotherNodeLearnsAKeyRotatedElsewhereWhenATokenNamesIt() throws Exception {
        String poolId = createPool("Two nodes");
        SigningKeys otherNode = new SigningKeys(jdbc, vault, new SecureRandom(), clock, transactions);
        TokenVerifier otherVerifier = new TokenVerifier(otherNode, new Issuers("http://localhost:8080"), clock);
        IssuedTokens first = issuer.issue(request(poolId));
        otherVerifier.verifyAccessToken(poolId, first.accessToken());

        signingKeys.rotate(poolId);
        IssuedTokens second = issuer.issue(request(poolId));
        assertThat(second.keyId()).isNotEqualTo(first.keyId());
        Thread.sleep(SigningKeys.RELOAD_INTERVAL.toMillis() + 100);
        assertThat(otherVerifier.verifyAccessToken(poolId, second.accessToken()).keyId()).isEqualTo(second.keyId());
    }

    @Test
    void nodesCreatingAPoolsFirstKeyAtOnceAgreeOnOne() throws Exception {
        String poolId = createPool("Race");
        int nodes = 4;
        ExecutorService threads = Executors.newFixedThreadPool(nodes);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> kids = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                SigningKeys node = new SigningKeys(jdbc, vault, new SecureRandom(), clock, transactions);
                Callable<String> firstUse = () -> {
                    start.await();
                    return node.current(poolId).kid();
                };
                kids.add(threads.submit(firstUse));
            }
            start.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> kid : kids) {
                distinct.add(kid.get());
            }
            assertThat(distinct).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM signing_key WHERE pool_id = ?", Integer.class, poolId))
                .isEqualTo(1);
        // the losers' data keys went with their rolled-back transactions
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM data_key WHERE owner_id LIKE 'signing-key:%' "
                + "AND owner_id NOT IN (SELECT 'signing-key:' || kid FROM signing_key)", Integer.class)).isZero();
    }

    @Test
    void noPrivateKeyIsStoredInPlaintext() throws Exception {
        String poolId = createPool("At rest");
        issuer.issue(request(poolId));
        signingKeys.rotate(poolId);
        issuer.issue(request(poolId));

        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT kid, sealed_private_key, public_jwk FROM signing_key WHERE pool_id = ?", poolId);
        assertThat(rows).hasSize(2);
        String everything = everythingStored();
        for (Map<String, Object> row : rows) {
            String kid = (String) row.get("kid");
            String sealed = (String) row.get("sealed_private_key");
            String pkcs8 = vault.open("signing-key:" + kid, "private-key", sealed);
            byte[] encoded = Base64.getDecoder().decode(pkcs8);
            RSAKey publicJwk = RSAKey.parse((String) row.get("public_jwk"));
            java.security.interfaces.RSAPrivateCrtKey privateKey = (java.security.interfaces.RSAPrivateCrtKey)
                    java.security.KeyFactory.getInstance("RSA")
                            .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(encoded));
            assertThat(privateKey.getModulus()).isEqualTo(publicJwk.getModulus().decodeToBigInteger());

            assertThat(sealed).startsWith("v1.").doesNotContain(pkcs8.substring(0, 64));
            assertThat(everything).doesNotContain(pkcs8);
            for (int i = 0; i + 64 <= pkcs8.length(); i += 256) {
                assertThat(everything).doesNotContain(pkcs8.substring(i, i + 64));
            }
            for (java.math.BigInteger secret : List.of(privateKey.getPrivateExponent(), privateKey.getPrimeP(),
                    privateKey.getPrimeQ())) {
                assertThat(everything).doesNotContain(Base64URL.encode(secret).toString())
                        .doesNotContain(secret.toString(16)).doesNotContain(secret.toString());
            }
        }
    }

    /** Every value of every table, as text and (binary values) as base64 too. */
    private String everythingStored() {
        StringBuilder all = new StringBuilder();
        List<String> tables = jdbc.queryForList("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_SCHEMA = 'PUBLIC'", String.class);
        assertThat(tables).contains("SIGNING_KEY", "DATA_KEY", "DOMAIN_EVENT_ENTRY");
        for (String table : tables) {
            for (Map<String, Object> row : jdbc.queryForList("SELECT * FROM \"" + table + "\"")) {
                for (Object value : row.values()) {
                    if (value instanceof byte[] bytes) {
                        all.append(new String(bytes, StandardCharsets.UTF_8)).append('\n')
                                .append(Base64.getEncoder().encodeToString(bytes)).append('\n');
                    } else {
                        all.append(value).append('\n');
                    }
                }
            }
        }
        return all.toString();
    }

    @Test
    void theJwsObjectOfAnIssuedTokenHasExactlyTheExpectedHeader() throws Exception {
        String poolId = createPool("Header");
        IssuedTokens tokens = issuer.issue(request(poolId));
        for (String token : List.of(tokens.idToken(), tokens.accessToken())) {
            JWSObject jws = JWSObject.parse(token);
            assertThat(jws.getHeader().toJSONObject())
                    .containsOnly(Map.entry("alg", "RS256"), Map.entry("kid", tokens.keyId()), Map.entry("typ", "JWT"));
        }
    }
}
