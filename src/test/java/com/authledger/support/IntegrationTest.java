package com.authledger.support;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

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
        "authledger.security.api-keys[0].name=test-admin",
        "authledger.security.api-keys[0].role=admin",
        "authledger.security.api-keys[0].sha256=944650a7cd0f9e14d5c4fb15edbffb7fa45fb9ed36a4fa9be3d7e5476ae51bd9",
        "authledger.security.api-keys[1].name=test-auditor",
        "authledger.security.api-keys[1].role=auditor",
        "authledger.security.api-keys[1].sha256=4dfe281a72d438795607c6fdcf9918fee94955989c64e1016f0f998bba332020",
        "authledger.security.trusted-proxies[0]=127.0.0.1/32",
})
@Import(TestClockConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface IntegrationTest {
}
