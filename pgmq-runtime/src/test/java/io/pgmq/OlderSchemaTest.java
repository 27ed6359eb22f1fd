package io.pgmq;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmq.test.PgmqDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** A database whose pgmq-schema is older than the runtime: the first use says to migrate it. */
class OlderSchemaTest {

    @Test
    void channelOnASchemaBeforeV6_failsOnFirstUseSayingToMigrate() throws Exception {
        try (PgmqDatabase db = PgmqDatabase.create("queues")) {
            Flyway.configure().dataSource(db.dataSource()).schemas("queues").defaultSchema("queues")
                    .locations("classpath:db/pgmq").table("pgmq_schema_history").target("5").load().migrate();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("SELECT queues.pg_mq_create_queue('old_jobs', 'text')");
            }
            TextChannel jobs = TextChannel.of("queues", "old_jobs");

            assertThatThrownBy(() -> jobs.send(DSL.using(db.dataSource(), SQLDialect.POSTGRES), "hello"))
                    .isInstanceOf(PgmqException.class)
                    .hasMessageContaining("channel \"old_jobs\": send failed")
                    .hasMessageContaining("pg_mq_ack_sql")
                    .hasMessageContaining("is pgmq-schema migrated into this schema, up to the version this runtime"
                            + " was built with?");
        }
    }
}
