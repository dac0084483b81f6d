package com.authledger.api.cognito;

import com.authledger.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The operations table of docs/cognito-protocol.md names exactly the operations the adapter answers. */
@IntegrationTest
class CognitoOperationsDocumentedTest {

    private static final Pattern OPERATION = Pattern.compile("`([A-Z][A-Za-z]*[a-z][A-Za-z]*)`");

    @Autowired
    CognitoController controller;

    /** The backticked names in the first column of the table, leaving out the flows and challenges in brackets. */
    private static Set<String> documented() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs/cognito-protocol.md"));
        int header = lines.indexOf("| Operation | Access | REST equivalent |");
        assertThat(header).as("the operations table of docs/cognito-protocol.md").isNotNegative();
        Set<String> names = new TreeSet<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String operations = line.split("\\|")[1].replaceAll("\\([^)]*\\)", "");
            Matcher name = OPERATION.matcher(operations);
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    @Test
    void theTableListsEveryOperationAnsweredAndNoOther() throws IOException {
        assertThat(documented()).isEqualTo(new TreeSet<>(controller.operationNames()));
    }
}
