package com.authledger.api.rest;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /v3/api-docs: every operation needs an API key as a bearer token. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI authledgerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("authledger").version("v1").description(
                        "Event-sourced user pools with multi-factor authentication. Errors are RFC 7807 problem "
                                + "details with a stable code (docs/errors.md)."))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API key: Authorization: Bearer <key>")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
