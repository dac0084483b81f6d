package com.authledger.api.rest;

import com.authledger.api.AppClientAdministration;
import com.authledger.client.AppClientDescription;
import com.authledger.client.api.AppClientId;
import com.authledger.client.api.AppClientSettings;
import com.authledger.client.api.AuthFlow;
import com.authledger.client.api.CreateAppClient;
import com.authledger.client.api.DeleteAppClient;
import com.authledger.client.api.UpdateAppClient;
import com.authledger.client.read.AppClientQueries;
import com.authledger.client.read.AppClientView;
import com.authledger.infra.RequestMetadata;
import com.authledger.pool.PoolId;
import com.authledger.security.ApiPrincipal;
import com.authledger.security.Role;
import com.authledger.shared.Page;
import com.authledger.web.RequestMetadataResolver;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * A pool's app clients. Changes go through the AppClient aggregate; reads come from the app client projection, and a
 * write answers once that projection holds it. The client secret is shown to admin keys only (on creation and on
 * every read of the client); auditor keys see whether a client has one, never the secret.
 */
@RestController
@RequestMapping(path = "/api/v1/pools/{poolId}/clients", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "App clients")
class AppClientController {

    private final AppClientAdministration clients;
    private final AppClientQueries queries;
    private final RequestMetadataResolver metadata;
    private final SecureRandom random;

    AppClientController(AppClientAdministration clients, AppClientQueries queries, RequestMetadataResolver metadata,
                        SecureRandom random) {
        this.clients = clients;
        this.queries = queries;
        this.metadata = metadata;
        this.random = random;
    }

    /** POST and PUT bodies: a null validity or flow list takes the default (PUT replaces the settings as a whole). */
    @JsonIgnoreProperties(value = {"clientId", "poolId", "clientSecret", "hasSecret", "createdAt", "createdBy",
            "lastModifiedAt", "version", "changed"})
    record AppClientBody(String name, Integer accessTokenValidityMinutes, Integer idTokenValidityMinutes,
                         Integer refreshTokenValidityMinutes, Integer authSessionValidityMinutes,
                         List<String> explicitAuthFlows) {
        AppClientSettings toSettings() {
            return AppClientSettings.of(name, accessTokenValidityMinutes, idTokenValidityMinutes,
                    refreshTokenValidityMinutes, authSessionValidityMinutes, explicitAuthFlows);
        }
    }

    /** The POST body: the settings and whether to generate a secret (false by default). */
    record CreateAppClientBody(String name, Boolean generateSecret, Integer accessTokenValidityMinutes,
                               Integer idTokenValidityMinutes, Integer refreshTokenValidityMinutes,
                               Integer authSessionValidityMinutes, List<String> explicitAuthFlows) {
    }

    /**
     * @param clientSecret admins only, and only for a client with a secret
     * @param changed      on writes only
     */
    record AppClientResponse(String clientId, String poolId, String name, boolean hasSecret, String clientSecret,
                             int accessTokenValidityMinutes, int idTokenValidityMinutes,
                             int refreshTokenValidityMinutes, int authSessionValidityMinutes,
                             List<AuthFlow> explicitAuthFlows, Instant createdAt, String createdBy,
                             Instant lastModifiedAt, long version, Boolean changed) {

        static AppClientResponse of(AppClientDescription d, String createdBy) {
            AppClientSettings s = d.settings();
            return new AppClientResponse(d.clientId(), d.poolId(), s.name(), d.hasSecret(), d.clientSecret(),
                    s.accessTokenValidityMinutes(), s.idTokenValidityMinutes(), s.refreshTokenValidityMinutes(),
                    s.authSessionValidityMinutes(), s.explicitAuthFlows(), d.createdAt(), createdBy,
                    d.lastModifiedAt(), d.version(), d.changed());
        }

        static AppClientResponse of(AppClientView v, String clientSecret, Boolean changed) {
            AppClientSettings s = v.settings();
            return new AppClientResponse(v.clientId(), v.poolId(), s.name(), v.hasSecret(), clientSecret,
                    s.accessTokenValidityMinutes(), s.idTokenValidityMinutes(), s.refreshTokenValidityMinutes(),
                    s.authSessionValidityMinutes(), s.explicitAuthFlows(), v.createdAt(), v.createdBy(),
                    v.lastModifiedAt(), v.version(), changed);
        }
    }

    record AppClientListItem(String clientId, String poolId, String name) {
    }

    private static boolean callerIsAdmin() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof ApiPrincipal principal
                && principal.role() == Role.ADMIN;
    }

    private String pool(String poolId) {
        return clients.pool(poolId);
    }

    private AppClientView client(String poolId, String clientId) {
        return clients.client(poolId, clientId);
    }

    private AppClientResponse render(AppClientView client, Boolean changed) {
        String secret = callerIsAdmin() ? queries.clientSecret(client).orElse(null) : null;
        return AppClientResponse.of(client, secret, changed);
    }

    @Operation(summary = "Create an app client of the pool (with a secret if generateSecret)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AppClientResponse> create(@PathVariable String poolId, @RequestBody CreateAppClientBody body,
                                             HttpServletRequest request) {
        RequestMetadata origin = metadata.resolve(request);
        PoolId.requireValid(poolId);
        AppClientSettings settings = new AppClientBody(body.name(), body.accessTokenValidityMinutes(),
                body.idTokenValidityMinutes(), body.refreshTokenValidityMinutes(), body.authSessionValidityMinutes(),
                body.explicitAuthFlows()).toSettings();
        CreateAppClient command = new CreateAppClient(AppClientId.generate(random), poolId, settings,
                Boolean.TRUE.equals(body.generateSecret()));
        AppClientDescription created = clients.create(command, origin);
        return ResponseEntity.created(URI.create("/api/v1/pools/" + poolId + "/clients/" + created.clientId()))
                .body(AppClientResponse.of(created, origin.actor()));
    }

    @Operation(summary = "List the pool's app clients, oldest first")
    @GetMapping
    PoolResponses.PageResponse<AppClientListItem> list(@PathVariable String poolId,
                                                       @RequestParam(required = false) Integer pageSize,
                                                       @RequestParam(required = false) String pageToken) {
        Page<AppClientView> page = queries.clients(pool(poolId), Page.size(pageSize), Page.after(pageToken));
        return new PoolResponses.PageResponse<>(page.items().stream()
                .map(c -> new AppClientListItem(c.clientId(), c.poolId(), c.settings().name())).toList(),
                page.nextPageToken());
    }

    @Operation(summary = "Read an app client (its secret for admin keys only)")
    @GetMapping("/{clientId}")
    AppClientResponse get(@PathVariable String poolId, @PathVariable String clientId) {
        return render(client(poolId, clientId), null);
    }

    @Operation(summary = "Replace an app client's settings (left-out fields take their defaults; the secret stays)")
    @PutMapping(path = "/{clientId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    AppClientResponse update(@PathVariable String poolId, @PathVariable String clientId,
                             @RequestBody AppClientBody body, HttpServletRequest request) {
        RequestMetadata origin = metadata.resolve(request);
        UpdateAppClient command = new UpdateAppClient(AppClientId.requireValid(clientId), pool(poolId),
                body.toSettings());
        AppClientDescription change = clients.update(command, origin);
        return queries.client(poolId, clientId).map(view -> render(view, change.changed()))
                .orElseGet(() -> AppClientResponse.of(change, null));
    }

    @Operation(summary = "Delete an app client (its secret's data key is shredded)")
    @DeleteMapping("/{clientId}")
    ResponseEntity<Void> delete(@PathVariable String poolId, @PathVariable String clientId,
                                HttpServletRequest request) {
        RequestMetadata origin = metadata.resolve(request);
        DeleteAppClient command = new DeleteAppClient(AppClientId.requireValid(clientId), pool(poolId));
        clients.delete(command, origin);
        return ResponseEntity.noContent().build();
    }
}
