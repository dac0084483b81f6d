package com.authledger.api.cognito;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Output shapes as Cognito writes them: members in UpperCamelCase ({@code userPoolId} becomes {@code UserPoolId};
 * irregular names such as {@code UserMFASettingList} carry {@code @JsonProperty}), absent members left out, and
 * timestamps as epoch seconds in a JSON number (with milliseconds as the fraction), as AWS's JSON protocol has them.
 */
public final class CognitoJson {

    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .registerModule(new SimpleModule().addSerializer(Instant.class, new EpochSeconds()));

    private CognitoJson() {
    }

    public static byte[] write(Object shape) {
        try {
            return MAPPER.writeValueAsBytes(shape);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An output shape could not be written as JSON", e);
        }
    }

    static final class EpochSeconds extends StdSerializer<Instant> {
        EpochSeconds() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeNumber(BigDecimal.valueOf(value.toEpochMilli(), 3));
        }
    }
}
