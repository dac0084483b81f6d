package com.authledger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthledgerApplication {

    /** Axon's update checker phones home and writes under the user's home unless this is set before Spring starts. */
    public static final String UPDATE_CHECKER_PROPERTY = "axoniq.update-checker.disabled";

    public static void main(String[] args) {
        disableAxonUpdateChecker();
        SpringApplication.run(AuthledgerApplication.class, args);
    }

    public static void disableAxonUpdateChecker() {
        System.setProperty(UPDATE_CHECKER_PROPERTY, "true");
    }
}
