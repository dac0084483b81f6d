package com.authledger.infra;

/**
 * Whether the data source is the embedded default: an H2 database in this process (file or memory), which no other
 * process can share. An H2 server reached over tcp:// or ssl:// is shared like PostgreSQL.
 */
public final class EmbeddedDatabase {

    private EmbeddedDatabase() {
    }

    public static boolean isEmbedded(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:tcp:")
                && !jdbcUrl.startsWith("jdbc:h2:ssl:");
    }
}
