package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmq.test.PgmqTest;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@PgmqTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivilegeTest {

    private final TestChannels channels;
    private final String receiver = "pgmq_rt_receiver_" + UUID.randomUUID().toString().substring(0, 8);

    PrivilegeTest(DataSource dataSource) {
        this.channels = new TestChannels(dataSource);
        channels.dsl().execute("create role {0}", DSL.name(receiver));
    }

    @AfterAll
    void dropRole() {
        channels.dsl().execute("drop owned by {0}", DSL.name(receiver));
        channels.dsl().execute("drop role {0}", DSL.name(receiver));
    }

    @Test
    void roleWithOnlyReceiveGrant_cannotSend_butCanClaim() {
        TextChannel orders = channels.text("orders");
        orders.send(channels.dsl(), "for the mailer");
        channels.dsl().execute("select pg_mq_grant_receive({0}, {1})", DSL.val(orders.name()), DSL.val(receiver));

        channels.dsl().transaction(tx -> {
            tx.dsl().execute("set local role {0}", DSL.name(receiver));
            assertThat(orders.claim(tx.dsl(), 10, Duration.ofMinutes(1))).hasSize(1);
        });
        assertThatThrownBy(() -> channels.dsl().transaction(tx -> {
            tx.dsl().execute("set local role {0}", DSL.name(receiver));
            orders.send(tx.dsl(), "forged");
        }))
                .isInstanceOf(PgmqException.class)
                .hasMessageContaining("channel \"" + orders.name() + "\": send failed")
                .hasMessageContaining("pg_mq_grant_send");
        assertThat(channels.count(orders)).isEqualTo(1);
    }

    @Test
    void roleWithoutReceiveGrant_isToldToGrantReceive_notSend() {
        TextChannel orders = channels.text("orders");
        orders.send(channels.dsl(), "for the mailer");
        channels.dsl().execute("select pg_mq_grant_send({0}, {1})", DSL.val(orders.name()), DSL.val(receiver));

        assertThatThrownBy(() -> channels.dsl().transaction(tx -> {
            tx.dsl().execute("set local role {0}", DSL.name(receiver));
            orders.claim(tx.dsl(), 10, Duration.ofMinutes(1));
        }))
                .isInstanceOf(PgmqException.class)
                .hasMessageContaining("channel \"" + orders.name() + "\": claim failed")
                .hasMessageContaining("pg_mq_grant_receive('" + orders.name() + "', '<role>')")
                .hasMessageNotContaining("pg_mq_grant_send");
    }

    @Test
    void purgeRefused_namesTheReceiveGrant() {
        TextChannel orders = channels.text("orders");
        orders.send(channels.dsl(), "kept");

        assertThatThrownBy(() -> channels.dsl().transaction(tx -> {
            tx.dsl().execute("set local role {0}", DSL.name(receiver));
            orders.purge(tx.dsl(), 10);
        }))
                .isInstanceOf(PgmqException.class)
                .hasMessageContaining("channel \"" + orders.name() + "\": purge failed")
                .hasMessageContaining("pg_mq_grant_receive")
                .hasMessageContaining("includes purging from pgmq-schema V10 on")
                .hasMessageNotContaining("pg_mq_grant_send");
    }
}
