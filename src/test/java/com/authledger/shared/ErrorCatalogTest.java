package com.authledger.shared;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/errors.md lists every error code the API can return, with the status the code maps to. */
class ErrorCatalogTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| (\\d{3}) \\|", Pattern.MULTILINE);

    @Test
    void everyErrorCodeIsDocumentedWithItsStatus() throws IOException {
        String catalog = Files.readString(Path.of("docs/errors.md"));
        Matcher row = ROW.matcher(catalog);
        java.util.Map<String, Integer> documented = new java.util.HashMap<>();
        while (row.find()) {
            documented.put(row.group(1), Integer.parseInt(row.group(2)));
        }
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(documented).as("docs/errors.md row for %s", code).containsEntry(code.name(), code.httpStatus());
        }
        assertThat(documented.keySet()).as("codes documented but not in ErrorCode")
                .allMatch(name -> Arrays.stream(ErrorCode.values()).anyMatch(c -> c.name().equals(name)));
    }
}
