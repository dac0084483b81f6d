package com.authledger.infra;

import com.authledger.support.IntegrationTest;
import com.authledger.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every connection taken from the pool is closed exactly once. A connection closed a second time, after the pool has
 * handed it to another thread, would clear that thread's list of open statements in HikariCP (which keeps the list
 * per pooled connection, not per lease): the cause of an {@code ArrayIndexOutOfBoundsException} in
 * {@code FastList.add} seen once under load. Axon's default connection provider closed the transaction's connection
 * again when its unit of work cleaned up, after Spring had returned it to the pool.
 */
@IntegrationTest
@Import(ConnectionsClosedOnceTest.CountCloses.class)
class ConnectionsClosedOnceTest {

    static final AtomicInteger closedTwice = new AtomicInteger();
    static final AtomicInteger leased = new AtomicInteger();

    @LocalServerPort
    int port;

    @Test
    void commandsQueriesAndProjectionsCloseEachConnectionOnce() {
        TestApi api = TestApi.admin(port);
        int before = leased.get();
        for (int i = 0; i < 5; i++) {
            TestApi.Response created = api.post("/api/v1/pools", "{\"name\":\"Once " + i + "\",\"mfaMode\":\"OFF\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(api.get("/api/v1/pools/" + created.json().path("poolId").asText()).status()).isEqualTo(200);
        }
        assertThat(leased.get()).as("connections leased").isGreaterThan(before);
        assertThat(closedTwice.get()).as("connections closed a second time").isZero();
    }

    /** Wraps the data source so that each lease's connection counts its closes. */
    @TestConfiguration(proxyBeanMethods = false)
    static class CountCloses {
        @Bean
        static BeanPostProcessor countConnectionCloses() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof DataSource dataSource && !(bean instanceof CountingDataSource)
                            ? new CountingDataSource(dataSource) : bean;
                }
            };
        }
    }

    static final class CountingDataSource extends DelegatingDataSource {
        CountingDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection target = super.getConnection();
            leased.incrementAndGet();
            AtomicBoolean closed = new AtomicBoolean();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close") && closed.getAndSet(true)) {
                            closedTwice.incrementAndGet();
                        }
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
