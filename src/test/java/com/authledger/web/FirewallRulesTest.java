package com.authledger.web;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The firewall's rules, checked by loops, decide exactly as Spring Security's regular expression and ours did. */
class FirewallRulesTest {

    /** Spring Security's StrictHttpFirewall default for header names and parameters. */
    private static final Pattern SPRING_DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @Test
    void namesAndParametersFollowSpringSecuritysDefaultRule() {
        String[] samples = {"", "X-Amz-Target", "Content-Type", "é-ü", "tab\there", "nul\u0000", "del\u007F",
                "c1\u0085", "unassigned\u0378", "emoji\uD83D\uDE00", "lone\uD800", "private\uE000", "nbsp\u00A0"};
        for (String sample : samples) {
            assertThat(FirewallConfiguration.assignedAndNotControl(sample)).as(sample)
                    .isEqualTo(SPRING_DEFAULT.matcher(sample).matches());
        }
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int j = random.nextInt(4); j >= 0; j--) {
                text.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x200) : random.nextInt(0x110000));
            }
            String sample = text.toString();
            assertThat(FirewallConfiguration.assignedAndNotControl(sample)).as("%s", sample.codePoints().toArray())
                    .isEqualTo(SPRING_DEFAULT.matcher(sample).matches());
        }
    }

    @Test
    void headerValuesRefuseAsciiControlsButTheTab() {
        assertThat(FirewallConfiguration.headerValue("plain value")).isTrue();
        assertThat(FirewallConfiguration.headerValue("tab\tvalue")).isTrue();
        assertThat(FirewallConfiguration.headerValue("utf-8 as latin-1 \u00e2\u0080\u0094")).isTrue();
        assertThat(FirewallConfiguration.headerValue("line\nbreak")).isFalse();
        assertThat(FirewallConfiguration.headerValue("nul\u0000")).isFalse();
        assertThat(FirewallConfiguration.headerValue("del\u007F")).isFalse();
        for (char c = 0; c < 0x100; c++) {
            boolean before = String.valueOf(c).chars().noneMatch(x -> (x < 0x20 && x != '\t') || x == 0x7F);
            assertThat(FirewallConfiguration.headerValue(String.valueOf(c))).as("%d", (int) c).isEqualTo(before);
        }
    }
}
