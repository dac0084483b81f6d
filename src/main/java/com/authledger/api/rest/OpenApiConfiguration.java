package com.authledger.api.rest;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at /v3/api-docs: every operation needs an API key as a bearer token, except the self-service
 * ones, which need the user's access token instead.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String ACCESS_TOKEN = "accessToken";

    @Bean
    OpenAPI authledgerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("authledger").version("v1").description(
                        "Event-sourced user pools with multi-factor authentication. Errors are RFC 7807 problem "
                                + "details with a stable code (docs/errors.md)."))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API key: Authorization: Bearer <key>"))
                        .addSecuritySchemes(ACCESS_TOKEN, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                                .description("A user's access token (only on /api/v1/me): Authorization: Bearer "
                                        + "<access token>")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    /**
     * Every operation may answer a problem detail, and every change takes the request headers that end up in the
     * audit trail.
     */
    @Bean
    OpenApiCustomizer problemsAndAuditHeaders() {
        return openApi -> {
            Schema<?> problem = new ObjectSchema()
                    .addProperty("type", new StringSchema()).addProperty("title", new StringSchema())
                    .addProperty("status", new IntegerSchema()).addProperty("detail", new StringSchema())
                    .addProperty("code", new StringSchema().description("Stable machine code (docs/errors.md)"))
                    .addProperty("requestId", new StringSchema());
            openApi.getComponents().addSchemas("Problem", problem);
            ApiResponse problemResponse = new ApiResponse().description("A problem detail with a stable code")
                    .content(new Content().addMediaType("application/problem+json",
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                operation.getResponses().addApiResponse("4XX", problemResponse);
                operation.addParametersItem(new HeaderParameter().name("X-Request-Id").required(false)
                        .description("Your id for the request (echoed; recorded on events)")
                        .schema(new StringSchema().maxLength(128)));
                if (method != PathItem.HttpMethod.GET) {
                    operation.addParametersItem(new HeaderParameter().name("X-Reason").required(false)
                            .description("Why the change is made: recorded with the change's event (and in the "
                                    + "MFA configuration audit trail)")
                            .schema(new StringSchema().maxLength(1024)));
                    if (path.contains("/users/")) {
                        operation.addParametersItem(new HeaderParameter().name(UserController.INITIATED_BY)
                                .required(false).description("admin (default) or user: whether the change is the "
                                        + "user's own, made through the host service; recorded in the audit trail")
                                .schema(new StringSchema()._enum(java.util.List.of("admin", "user"))));
                    }
                }
            }));
        };
    }
}
