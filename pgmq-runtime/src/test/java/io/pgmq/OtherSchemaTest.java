package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/** pgmq installed in a schema of its own: every statement names it, whatever the session's search_path. */
class OtherSchemaTest {

    @Test
    void channelInAnotherSchema_worksWithASearchPathThatDoesNotNameIt() throws Exception {
        try (PgmqDatabase db = PgmqDatabase.create("queues", "classpath:db/pgmq");
             Connection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT queues.pg_mq_create_queue('elsewhere', 'text')");
                s.execute("SET search_path = public");
            }
            DSLContext dsl = Pgmq.using(c);
            TextChannel jobs = TextChannel.of("queues", "elsewhere");

            long first = jobs.send(dsl, "one");
            List<Long> batch = jobs.sendBatch(dsl, List.of("two", "three"));
            jobs.send(dsl, "later", Duration.ofHours(1));
            List<Delivery<String>> claimed = jobs.claim(dsl, 10, Duration.ofMinutes(1));
            jobs.ack(dsl, claimed);

            assertThat(claimed).extracting(Delivery::msgId).containsExactly(first, batch.get(0), batch.get(1));
            assertThat(jobs.receive(dsl, 10)).isEmpty();
        }
    }
}
