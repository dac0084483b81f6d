package com.authledger.infra;

import com.authledger.AuthledgerApplication;
import org.axonframework.updates.UpdateChecker;
import org.axonframework.updates.UpdateCheckerHttpClient;
import org.axonframework.updates.UpdateCheckerReporter;
import org.axonframework.updates.configuration.CommandLineUsagePropertyProvider;
import org.axonframework.updates.configuration.UsagePropertyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * Axon's update checker (which phones home and writes under the user's home) stays off: surefire sets the property,
 * the application sets it before Spring starts, and with it set the checker never schedules its first check.
 *
 * <p>Every test restores {@code axoniq.update-checker.disabled} and {@code user.home} as it found them; the checker
 * is built with {@code user.home} pointing into a temporary directory, since its constructor writes a machine id
 * file there.
 */
class UpdateCheckerTest {

    private static final String PROPERTY = AuthledgerApplication.UPDATE_CHECKER_PROPERTY;

    private String savedProperty;
    private String savedUserHome;

    @BeforeEach
    void saveProperties() {
        savedProperty = System.getProperty(PROPERTY);
        savedUserHome = System.getProperty("user.home");
    }

    @AfterEach
    void restoreProperties() {
        restore(PROPERTY, savedProperty);
        restore("user.home", savedUserHome);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void theApplicationUsesAxonsOwnPropertyName() {
        assertThat(PROPERTY).isEqualTo(CommandLineUsagePropertyProvider.DISABLED_KEY)
                .isEqualTo("axoniq.update-checker.disabled");
    }

    @Test
    void surefireDisablesTheUpdateChecker() {
        assertThat(savedProperty).as("set by maven-surefire-plugin's systemPropertyVariables").isEqualTo("true");
    }

    @Test
    void axonReadsTheCheckerAsDisabled() {
        assertThat(new CommandLineUsagePropertyProvider().getDisabled()).isTrue();
        assertThat(UsagePropertyProvider.create().getDisabled()).isTrue();
    }

    @Test
    void theApplicationDisablesTheCheckerBeforeSpringStarts() {
        System.clearProperty(PROPERTY);
        assertThat(new CommandLineUsagePropertyProvider().getDisabled()).as("precondition: not set").isNull();

        AuthledgerApplication.disableAxonUpdateChecker();

        assertThat(System.getProperty(PROPERTY)).isEqualTo("true");
        assertThat(UsagePropertyProvider.create().getDisabled()).isTrue();
    }

    @Test
    void theDisabledCheckerNeverSchedulesItsCheck(@TempDir Path home) {
        System.clearProperty(PROPERTY);
        AuthledgerApplication.disableAxonUpdateChecker();
        System.setProperty("user.home", home.toString());

        UsagePropertyProvider properties = UsagePropertyProvider.create();
        UpdateCheckerHttpClient client = mock(UpdateCheckerHttpClient.class);
        UpdateCheckerReporter reporter = mock(UpdateCheckerReporter.class);
        ScheduledExecutorService executor = mock(ScheduledExecutorService.class);
        UpdateChecker checker = new UpdateChecker(client, reporter, properties, executor);

        checker.start();
        checker.start();

        verifyNoInteractions(executor, client, reporter);
        checker.stop();
        verify(executor).shutdown();
        // The update-checker.properties file is only read (and created) when no higher provider decides.
        assertThat(home.resolve(".axoniq/update-checker.properties")).doesNotExist();
    }

    /** The control: the same checker without the property does schedule, so the mock would have seen it. */
    @Test
    void anEnabledCheckerDoesScheduleItsCheck(@TempDir Path home) throws Exception {
        System.setProperty(PROPERTY, "false");
        System.setProperty("user.home", home.toString());
        Files.createDirectories(home.resolve(".axoniq"));

        UsagePropertyProvider properties = UsagePropertyProvider.create();
        assertThat(properties.getDisabled()).isFalse();
        ScheduledExecutorService executor = mock(ScheduledExecutorService.class);
        when(executor.schedule(any(Runnable.class), anyLong(), any(TimeUnit.class))).thenReturn(null);
        UpdateCheckerHttpClient client = mock(UpdateCheckerHttpClient.class);
        UpdateChecker checker = new UpdateChecker(client, mock(UpdateCheckerReporter.class), properties, executor);

        checker.start();

        verify(executor, times(1)).schedule(any(Runnable.class), anyLong(), any(TimeUnit.class));
        verifyNoInteractions(client);
        checker.stop();
    }
}
