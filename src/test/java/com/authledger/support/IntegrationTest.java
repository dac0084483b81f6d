package com.authledger.support;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The service on a random port over a fresh in-memory H2 database (a new one per test class), with two API keys:
 * {@link TestApi#ADMIN_KEY} (admin) and {@link TestApi#AUDITOR_KEY} (auditor), and a {@link MutableClock}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};DB_CLOSE_DELAY=-1",
        "authledger.data-dir=${java.io.tmpdir}/authledger-test-${random.uuid}",
})
@TestPropertySource(locations = {IntegrationTest.API_KEYS, IntegrationTest.LIMITS})
@Import(TestClockConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface IntegrationTest {

    /** The test API keys and trusted proxy, shared with the PostgreSQL test. */
    String API_KEYS = "classpath:test-api-keys.properties";

    /** High guess limits, so that tests of other rules are not refused by them (see the file). */
    String LIMITS = "classpath:test-limits.properties";
}
