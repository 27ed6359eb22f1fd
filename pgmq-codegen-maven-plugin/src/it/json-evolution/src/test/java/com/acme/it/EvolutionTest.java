package com.acme.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.acme.it.channels.Channels;
import com.acme.it.channels.OrderPlaced;
import io.pgmq.Message;
import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * A producer and a consumer of each version of the message, around the migration of the allowed change: each reads
 * what the other wrote, and the database checks the new contract.
 */
@PgmqTest(locations = {})
class EvolutionTest {

    @Test
    void consumersOfEitherVersion_readMessagesOfEitherVersion(PgmqDatabase db) throws Exception {
        DSLContext dsl = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
        int alter = alterVersion();
        flyway(db).target(String.valueOf(alter - 1)).load().migrate();

        com.acme.it.old.OrderPlaced before = new com.acme.it.old.OrderPlaced(1L, "old@example.com",
                com.acme.it.old.OrderPlaced.Status.PAID, "SPRING");
        dsl.transaction(tx -> com.acme.it.old.Channels.ORDER_PLACED.send(tx.dsl(), before));

        flyway(db).load().migrate();
        OrderPlaced after = new OrderPlaced(2L, "new@example.com", OrderPlaced.Status.REFUNDED, true);
        dsl.transaction(tx -> Channels.ORDER_PLACED.send(tx.dsl(), after));

        List<Message<OrderPlaced>> byNew = dsl.transactionResult(tx -> Channels.ORDER_PLACED.receive(tx.dsl(), 1));
        assertThat(byNew).extracting(Message::payload)
                .containsExactly(new OrderPlaced(1L, "old@example.com", OrderPlaced.Status.PAID, null));
        List<Message<com.acme.it.old.OrderPlaced>> byOld = dsl.transactionResult(
                tx -> com.acme.it.old.Channels.ORDER_PLACED.receive(tx.dsl(), 1));
        assertThat(byOld).extracting(Message::payload).containsExactly(new com.acme.it.old.OrderPlaced(2L,
                "new@example.com", com.acme.it.old.OrderPlaced.Status.UNKNOWN, null));
    }

    @Test
    void theNewContract_checksTheAddedOptionalField(PgmqDatabase db) throws SQLException {
        flyway(db).load().migrate();
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT pg_mq_send_message('order_placed', ?::jsonb)")) {
            s.setString(1, "{\"order_id\": 3, \"email\": \"a@b\", \"status\": \"NEW\", \"gift_wrap\": \"yes\"}");
            SQLException e = catchThrowableOfType(SQLException.class, s::execute);
            assertThat(e.getSQLState()).isEqualTo("23514");
            assertThat(e.getMessage()).contains("gift_wrap");
        }
    }

    private static FluentConfiguration flyway(PgmqDatabase db) {
        return Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration");
    }

    /** The version of the one migration make-migrations wrote for the change. */
    private static int alterVersion() throws IOException, URISyntaxException {
        Path folder = Path.of(EvolutionTest.class.getResource("/db/migration/pgmq").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            String name = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("__pgmq_alter_channel_order_placed")).findFirst().orElseThrow();
            return Integer.parseInt(name.substring(1, name.indexOf("__")));
        }
    }
}
