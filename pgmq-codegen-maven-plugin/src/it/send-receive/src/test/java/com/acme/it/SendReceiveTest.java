package com.acme.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.it.channels.Channels;
import io.pgmq.Message;
import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The application's own migration folder, with pgmq's generated migrations in it, migrated by Flyway. */
@PgmqTest(locations = "classpath:db/migration")
class SendReceiveTest {

    @Test
    void textSentThroughGeneratedChannel_isReceived(PgmqDatabase db) {
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);

        long id = dsl.transactionResult(tx -> Channels.ORDER_EMAILS.send(tx.dsl(), "order 42 shipped"));
        List<Message<String>> received = dsl.transactionResult(tx -> Channels.ORDER_EMAILS.receive(tx.dsl(), 10));

        assertThat(received).extracting(Message::msgId).containsExactly(id);
        assertThat(received).extracting(Message::payload).containsExactly("order 42 shipped");
    }

    @Test
    void bytesSentThroughGeneratedChannel_areReceived(PgmqDatabase db) {
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);

        dsl.transaction(tx -> Channels.THUMBNAILS.send(tx.dsl(), new byte[] {1, 2, 3}));
        List<Message<byte[]>> received = dsl.transactionResult(tx -> Channels.THUMBNAILS.receive(tx.dsl(), 10));

        assertThat(received).singleElement().extracting(Message::payload).isEqualTo(new byte[] {1, 2, 3});
    }
}
