package com.authledger.secrets;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The operator's rotation command, {@code --authledger.rotate-master-key}: handled before the service starts, it
 * appends a new current key to the master key ring and exits. The ring's file is found exactly as the service finds
 * it (authledger.secrets.master-key-file from application.yml, profiles, environment and arguments), through a Spring
 * environment with nothing else started: no database, no web server. Only the new key's id is printed, never a key.
 *
 * <p>The service loads the ring when it starts: every node is restarted with the new file, then
 * {@code POST /api/v1/admin/master-keys/rewrap} moves the data keys onto the new key. The old lines stay in the file:
 * data keys not yet re-wrapped and one-time codes in flight still name them.
 */
public final class MasterKeyRotation {

    public static final String ARGUMENT = "--authledger.rotate-master-key";
    static final String FILE_PROPERTY = "authledger.secrets.master-key-file";

    private MasterKeyRotation() {
    }

    public static boolean requested(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals(ARGUMENT) || arg.equals(ARGUMENT + "=true"));
    }

    /** Rotates the configured ring; returns the process exit status (0 rotated, 1 refused). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path file;
        try (ConfigurableApplicationContext environmentOnly = environment(args)) {
            // converted exactly as the service's @Value converts it
            file = environmentOnly.getBeanFactory().getTypeConverter().convertIfNecessary(
                    environmentOnly.getEnvironment().getRequiredProperty(FILE_PROPERTY), Path.class);
        }
        if (!Files.isRegularFile(file)) {
            err.println("No master key file at " + file.toAbsolutePath() + " (" + FILE_PROPERTY + "): nothing to "
                    + "rotate. The embedded default creates it on its first start; elsewhere restore it.");
            return 1;
        }
        try {
            MasterKeyRing rotated = MasterKeyRing.rotate(file, new SecureRandom());
            out.println("Rotated the master key ring " + file.toAbsolutePath() + ": the current master key is now "
                    + rotated.currentId() + ".");
            out.println("Back the file up, restart every node with it, then re-wrap the data keys: "
                    + "POST /api/v1/admin/master-keys/rewrap (an admin key).");
            return 0;
        } catch (RuntimeException e) {
            err.println("The master key ring was not rotated: " + e.getMessage());
            return 1;
        }
    }

    private static ConfigurableApplicationContext environment(String[] args) {
        SpringApplication application = new SpringApplication(EnvironmentOnly.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        application.setRegisterShutdownHook(false);
        return application.run(args);
    }

    /** Nothing but the environment: no component scan, no auto-configuration (and not itself scanned). */
    static final class EnvironmentOnly {
    }
}
