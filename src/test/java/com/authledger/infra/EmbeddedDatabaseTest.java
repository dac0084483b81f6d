package com.authledger.infra;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedDatabaseTest {

    @Test
    void onlyAnInProcessH2IsTheEmbeddedDefault() {
        assertThat(EmbeddedDatabase.isEmbedded("jdbc:h2:file:./data/authledger")).isTrue();
        assertThat(EmbeddedDatabase.isEmbedded("jdbc:h2:mem:test")).isTrue();
        assertThat(EmbeddedDatabase.isEmbedded("jdbc:h2:./data/authledger")).isTrue();
        assertThat(EmbeddedDatabase.isEmbedded("jdbc:h2:tcp://db/authledger")).isFalse();
        assertThat(EmbeddedDatabase.isEmbedded("jdbc:h2:ssl://db/authledger")).isFalse();
        assertThat(EmbeddedDatabase.isEmbedded("jdbc:postgresql://db/authledger")).isFalse();
        assertThat(EmbeddedDatabase.isEmbedded(null)).isFalse();
    }
}
