package com.authledger.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The embedded database's directory and files are the service's owner's alone (0700 and 0600): they hold every
 * event, sealed secrets among them. H2 creates its files with the process's umask (0644 under most), so the data
 * directory ({@code authledger.data-dir}) is made owner-only before the first connection (then nothing in it can be
 * reached by anyone else, whatever H2 creates later), and the database's files are made owner-only before the first
 * connection and again once the service is up. A database placed outside the data directory has only its own files
 * changed (its directory may be shared), with a warning when that directory is open to others. On a file system
 * without POSIX permissions nothing is changed. A database on a server (PostgreSQL, H2 over tcp) is its operator's.
 */
@Configuration(proxyBeanMethods = false)
public class OwnerOnlyDatabaseFiles {

    private static final Logger log = LoggerFactory.getLogger(OwnerOnlyDatabaseFiles.class);

    @Bean
    static BeanPostProcessor ownerOnlyDatabaseDirectory(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof DataSource) {
                    secure(environment);
                }
                return bean;
            }
        };
    }

    @Bean
    static ApplicationListener<ApplicationReadyEvent> ownerOnlyDatabaseFilesOnceUp(Environment environment) {
        return ready -> secure(environment);
    }

    private static void secure(Environment environment) {
        Path database = databaseOf(environment.getProperty("spring.datasource.url"));
        if (database != null) {
            String dataDir = environment.getProperty("authledger.data-dir");
            secure(database, dataDir != null && Path.of(dataDir).toAbsolutePath().normalize()
                    .equals(database.getParent()));
        }
    }

    /** The path of an embedded H2 database kept in files, without H2's suffixes; null for any other data source. */
    static Path databaseOf(String jdbcUrl) {
        if (!EmbeddedDatabase.isEmbedded(jdbcUrl) || jdbcUrl.startsWith("jdbc:h2:mem:")) {
            return null;
        }
        String location = jdbcUrl.substring("jdbc:h2:".length());
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        }
        int options = location.indexOf(';');
        if (options >= 0) {
            location = location.substring(0, options);
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        return Path.of(location).toAbsolutePath().normalize();
    }

    /**
     * Makes the files of {@code database} ({@code <name>.mv.db}, {@code <name>.trace.db}, ...) 0600 and, when
     * {@code ownsDirectory}, creates its directory if need be and makes it 0700.
     */
    static void secure(Path database, boolean ownsDirectory) {
        Path directory = database.getParent();
        try {
            if (ownsDirectory) {
                Files.createDirectories(directory);
            }
            if (!Files.isDirectory(directory)
                    || Files.getFileAttributeView(directory, PosixFileAttributeView.class) == null) {
                return;
            }
            if (ownsDirectory) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            } else if (!PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)).endsWith("------")) {
                log.warn("The database's directory is open to other users; its files are made owner-only, but "
                        + "files H2 creates later may not be: prefer the data directory (authledger.data-dir)");
            }
            String prefix = database.getFileName() + ".";
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(file) && file.getFileName().toString().startsWith(prefix)) {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make the database's files owner-only", e);
        }
    }
}
