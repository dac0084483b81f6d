package com.authledger.secrets;

import com.authledger.infra.EmbeddedDatabase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The master key ring (authledger.secrets.master-key-file, by default beside the data directory, never inside it),
 * the data-key vault, the one-time-code MACs and the keyed derivation of values never stored. Only the embedded
 * default creates a missing ring; elsewhere the
 * service refuses to start without one, since a new key could not open what the old one sealed.
 */
@Configuration(proxyBeanMethods = false)
public class SecretsConfiguration {

    @Bean
    public SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    public MasterKeyRing masterKeyRing(@Value("${authledger.secrets.master-key-file}") Path file,
                                       @Value("${authledger.data-dir}") Path dataDir,
                                       @Value("${spring.datasource.url}") String datasourceUrl, SecureRandom random) {
        if (!Files.exists(file) && !EmbeddedDatabase.isEmbedded(datasourceUrl)) {
            throw new IllegalStateException("No master key file at " + file.toAbsolutePath() + " (authledger.secrets"
                    + ".master-key-file). Outside the embedded default the service does not create one: restore it.");
        }
        return MasterKeyRing.loadOrCreate(file, dataDir, random);
    }

    @Bean
    public DataKeyVault dataKeyVault(JdbcTemplate jdbc, MasterKeyRing masterKeys, SecureRandom random, Clock clock) {
        return new DataKeyVault(jdbc, masterKeys, random, clock);
    }

    @Bean
    public OneTimeCodeMac oneTimeCodeMac(MasterKeyRing masterKeys) {
        return new OneTimeCodeMac(masterKeys);
    }

    @Bean
    public KeyedDerivation keyedDerivation(MasterKeyRing masterKeys) {
        return new KeyedDerivation(masterKeys);
    }
}
