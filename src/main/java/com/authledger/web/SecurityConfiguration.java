package com.authledger.web;

import com.authledger.limits.RateLimits;
import com.authledger.security.ApiKeyRegistry;
import com.authledger.security.Role;
import com.authledger.shared.ErrorCode;
import com.authledger.token.AccessTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.time.Duration;
import java.util.List;

/**
 * Every /api call carries an API key, except the self-service API ({@code /api/v1/me}), which carries the user's
 * access token instead and takes no API key; a pool's JWKS and discovery document are public. Authentication is by
 * header only: no cookies and no server sessions, so there is no CSRF surface and CSRF protection is off on purpose.
 * Auditors read; only admins change anything.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final String SELF_SERVICE = "/api/v1/me/**";

    /** What a browser may send and read cross-origin at {@code POST /}: what the AWS SDKs for JavaScript send. */
    static final List<String> COGNITO_REQUEST_HEADERS = List.of("Content-Type", "X-Amz-Target", "X-Amz-User-Agent",
            "Cache-Control", "Authorization", "X-Amz-Date", "X-Amz-Content-Sha256", "X-Amz-Security-Token",
            "amz-sdk-invocation-id", "amz-sdk-request", "X-MFA-Code");
    static final List<String> COGNITO_EXPOSED_HEADERS = List.of("x-amzn-RequestId", "x-amzn-ErrorType",
            "x-amzn-ErrorMessage", "Date");
    static final Duration COGNITO_PREFLIGHT_MAX_AGE = Duration.ofHours(1);

    /**
     * Cognito's JSON protocol at {@code POST /}: no API key and no Spring Security authentication here. The operation
     * named by X-Amz-Target decides: admin operations verify their AWS Signature Version 4 over the exact body, and
     * end-user operations carry a password, a session or an access token, as in Cognito. Browser apps call it from
     * their own origins, so it answers CORS (the preflight {@code OPTIONS /} included) for any origin and without
     * credentials: nothing here rests on cookies, and the /api paths stay without CORS.
     */
    @Bean
    @Order(0)
    SecurityFilterChain cognitoProtocol(HttpSecurity http) throws Exception {
        return headerOnly(http)
                .securityMatcher(new OrRequestMatcher(path(HttpMethod.POST, "/"), path(HttpMethod.OPTIONS, "/")))
                .cors(cors -> cors.configurationSource(cognitoCors()))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .anonymous(AbstractHttpConfigurer::disable)
                .build();
    }

    /**
     * The self-service API, matched before the API-key chain: only the user's access token authenticates here, so an
     * API key (or any other bearer) is refused as an invalid token, and the API-key filter never sees these paths.
     */
    @Bean
    @Order(1)
    SecurityFilterChain selfService(HttpSecurity http, AccessTokens tokens, ErrorResponses errors,
                                    RateLimits rateLimits, ClientAddressResolver addresses) throws Exception {
        return headerOnly(http)
                .securityMatcher(path(null, SELF_SERVICE))
                .addFilterBefore(new AccessTokenAuthenticationFilter(tokens, errors),
                        AnonymousAuthenticationFilter.class)
                .addFilterBefore(new RateLimitFilter(rateLimits, addresses, errors),
                        AccessTokenAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().hasRole(AccessTokenAuthenticationFilter.USER_ROLE))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, failure) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            errors.write(request, response, ErrorCode.Unauthenticated,
                                    "This call needs the user's access token: Authorization: Bearer <access token>.");
                        })
                        .accessDeniedHandler((request, response, denied) -> errors.write(request, response,
                                ErrorCode.Forbidden, "This call needs the user's access token.")))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, ApiKeyRegistry keys, ErrorResponses errors) throws Exception {
        return headerOnly(http)
                .addFilterBefore(new ApiKeyAuthenticationFilter(keys, errors), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(path(null, "/v3/api-docs/**"), path(null, "/swagger-ui/**"),
                                path(null, "/swagger-ui.html"), path(null, "/actuator/health/**"),
                                path(null, "/error")).permitAll()
                        // a pool's public signing keys and OpenID discovery document: public, as Cognito's
                        .requestMatchers(path(HttpMethod.GET, "/*/.well-known/jwks.json"),
                                path(HttpMethod.HEAD, "/*/.well-known/jwks.json"),
                                path(HttpMethod.GET, "/*/.well-known/openid-configuration"),
                                path(HttpMethod.HEAD, "/*/.well-known/openid-configuration")).permitAll()
                        // the development outbox shows one-time codes: admins only
                        .requestMatchers(path(null, "/api/v1/dev/**")).hasRole(Role.ADMIN.name())
                        // auditors read the users' MFA and sign-in history, not their phone numbers, emails and names
                        .requestMatchers(path(HttpMethod.GET, "/api/v1/pools/*/users/*/mfa-history"),
                                path(HttpMethod.HEAD, "/api/v1/pools/*/users/*/mfa-history"),
                                path(HttpMethod.GET, "/api/v1/pools/*/users/*/auth-events"),
                                path(HttpMethod.HEAD, "/api/v1/pools/*/users/*/auth-events"))
                        .hasAnyRole(Role.ADMIN.name(), Role.AUDITOR.name())
                        // access keys of the Cognito protocol: auditors list them (never a secret); admins
                        // create (the one answer with the secret) and delete them
                        .requestMatchers(path(HttpMethod.GET, "/api/v1/access-keys"),
                                path(HttpMethod.HEAD, "/api/v1/access-keys"),
                                path(HttpMethod.GET, "/api/v1/access-keys/**"),
                                path(HttpMethod.HEAD, "/api/v1/access-keys/**"))
                        .hasAnyRole(Role.ADMIN.name(), Role.AUDITOR.name())
                        .requestMatchers(path(null, "/api/v1/access-keys"), path(null, "/api/v1/access-keys/**"))
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers(path(null, "/api/v1/pools/*/users"), path(null, "/api/v1/pools/*/users/**"))
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers(path(HttpMethod.GET, "/api/**"), path(HttpMethod.HEAD, "/api/**"))
                        .hasAnyRole(Role.ADMIN.name(), Role.AUDITOR.name())
                        .requestMatchers(path(null, "/api/**")).hasRole(Role.ADMIN.name())
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, failure) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            errors.write(request, response, ErrorCode.Unauthenticated,
                                    "This call needs an API key: Authorization: Bearer <key>.");
                        })
                        .accessDeniedHandler((request, response, denied) -> errors.write(request, response,
                                ErrorCode.Forbidden, "This API key's role may not make this call.")))
                .build();
    }

    /** Any origin, POST only, no credentials (so no cookie is ever sent or honoured), the SDKs' headers. */
    static CorsConfigurationSource cognitoCors() {
        CorsConfiguration cors = new CorsConfiguration();
        cors.addAllowedOrigin(CorsConfiguration.ALL);
        cors.setAllowedMethods(List.of(HttpMethod.POST.name()));
        cors.setAllowedHeaders(COGNITO_REQUEST_HEADERS);
        cors.setExposedHeaders(COGNITO_EXPOSED_HEADERS);
        cors.setAllowCredentials(false);
        cors.setMaxAge(COGNITO_PREFLIGHT_MAX_AGE);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/", cors);
        return source;
    }

    /** Credentials in a header on every request, nothing else: no session, no cookie, no form, no CSRF surface. */
    private static HttpSecurity headerOnly(HttpSecurity http) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .securityContext(c -> c.requireExplicitSave(true));
    }

    /** Spring Security's own observations (a span per filter) cost more than the filters on this hot path. */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Plain path patterns: unlike the MVC-aware default, they do not consult the handler mappings per request. */
    private static RequestMatcher path(HttpMethod method, String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
    }
}
