package com.authledger;

import com.authledger.secrets.MasterKeyRotation;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthledgerApplication {

    /** Axon's update checker phones home and writes under the user's home unless this is set before Spring starts. */
    public static final String UPDATE_CHECKER_PROPERTY = "axoniq.update-checker.disabled";

    /**
     * Starts the service; with {@code --authledger.rotate-master-key} instead rotates the master key ring and exits
     * (see {@link MasterKeyRotation}).
     */
    public static void main(String[] args) {
        disableAxonUpdateChecker();
        if (MasterKeyRotation.requested(args)) {
            System.exit(MasterKeyRotation.run(args, System.out, System.err));
        }
        SpringApplication.run(AuthledgerApplication.class, args);
    }

    public static void disableAxonUpdateChecker() {
        System.setProperty(UPDATE_CHECKER_PROPERTY, "true");
    }
}
