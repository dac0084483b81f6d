package com.authledger.delivery;

import com.authledger.message.MessageBudgets;
import com.authledger.message.OutboundMessage;
import com.authledger.secrets.DataKeyVault;
import com.authledger.support.IntegrationTest;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the service's own database and Axon transaction manager: a message decided in a unit of work leaves only once
 * the database transaction committed (the delivery thread already sees the unit of work's rows), and a rollback
 * sends nothing.
 */
@IntegrationTest
class DeliveriesIntegrationTest {

    @Autowired
    TransactionManager transactions;

    @Autowired
    DataKeyVault vault;

    @Autowired
    JdbcTemplate jdbc;

    /** For each delivered message: its purpose (the owner) and how many data keys the delivery thread saw for it. */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private final AfterCommitDeliveries deliveries = new AfterCommitDeliveries(MessageBudgets.NONE, null,
            email -> seen.add(email.purpose() + "=" + jdbc.queryForObject(
                    "SELECT COUNT(*) FROM data_key WHERE owner_id = ?", Integer.class, email.purpose())),
            2, 10, Duration.ofSeconds(5));

    @AfterEach
    void close() {
        deliveries.close();
    }

    @Test
    void aMessageLeavesAfterTheDatabaseCommitAndNeverAfterARollback() {
        String committed = "user-" + UUID.randomUUID();
        String rolledBack = "user-" + UUID.randomUUID();

        inUnitOfWork(committed).commit();
        inUnitOfWork(rolledBack).rollback();
        deliveries.close();

        assertThat(seen).containsExactly(committed + "=1");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM data_key WHERE owner_id = ?", Integer.class,
                rolledBack)).isZero();
    }

    /** A unit of work with a database transaction that writes a row for the owner and asks for a message. */
    private UnitOfWork<?> inUnitOfWork(String owner) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        vault.seal(owner, "email", "alice@shop.example");
        deliveries.afterCommit(OutboundMessage.email("us-east-1_Pool12345", "alice@shop.example", "Code",
                "Your code is 123456", owner));
        return unitOfWork;
    }
}
