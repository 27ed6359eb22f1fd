package com.acme.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.it.channels.Channels;
import io.pgmq.Message;
import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The application's migrations, run by Flyway into its default schema, put pgmq into the manifest's schema. */
@PgmqTest(locations = "classpath:db/migration")
class SchemaKeyTest {

    @Test
    void channelsLiveInTheManifestsSchema_andSendAndReceiveThere(PgmqDatabase db) throws Exception {
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);

        long id = dsl.transactionResult(tx -> Channels.ORDER_EMAILS.send(tx.dsl(), "order 42 shipped"));
        List<Message<String>> received = dsl.transactionResult(tx -> Channels.ORDER_EMAILS.receive(tx.dsl(), 10));

        assertThat(Channels.ORDER_EMAILS.schema()).isEqualTo("queues");
        assertThat(received).extracting(Message::msgId).containsExactly(id);
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('public.pg_mq_config_catalog') IS NULL,"
                        + " to_regclass('queues.pg_mq_queue_order_emails') IS NOT NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("nothing of pgmq in public").isTrue();
            assertThat(rs.getBoolean(2)).as("the channel's table in queues").isTrue();
        }
    }
}
