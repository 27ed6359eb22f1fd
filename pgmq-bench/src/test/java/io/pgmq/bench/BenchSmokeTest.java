package io.pgmq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole harness in smoke mode so it never rots. Asserts only that every scenario produced figures; the
 * figures themselves decide nothing here (no timed assertions).
 */
class BenchSmokeTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void smokeRun_writesARowWithFiguresForEveryScenario(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("RESULTS.md");

        // progress goes to the test's output file (surefire redirects it), for reading when this fails
        List<Row> rows = BenchMain.run(Settings.smokeRun(), out, System.out);

        assertThat(rows).extracting(Row::scenario).containsExactly(
                "send autocommit, 1 thread",
                "send autocommit, 4 threads",
                "send, 10 per transaction, 1 thread",
                "send, 10 per transaction, 4 threads",
                "claim + ack by 100, 1 consumer",
                "claim + ack by 100, 2 consumers",
                "claim + ack by 100, 4 consumers",
                "claim + ack by 100, 8 consumers",
                "claimLocked + complete by 100, 1 consumer",
                "claimLocked + complete by 100, 2 consumers",
                "claimLocked + complete by 100, 4 consumers",
                "claimLocked + complete by 100, 8 consumers",
                "claim + ack by 100, 8 consumers / 4 consumers (no drop)",
                "send → handler latency, LISTEN consumer, 200 msg/s, p50",
                "send → handler latency, LISTEN consumer, 200 msg/s, p99",
                "idle consumer CPU, LISTEN, no traffic",
                "consumer heap, 10,000-message backlog, batch size 100",
                "SQL pg_mq_send_message, 1 session",
                "SQL pg_mq_send_message, 4 sessions",
                "notify always: Java send, 4 sessions, vs INSERT without NOTIFY",
                "notify when_idle: Java send, 4 sessions, vs INSERT without NOTIFY",
                "notify never: Java send, 4 sessions, vs INSERT without NOTIFY",
                "notify always: SQL send, 4 sessions, vs INSERT without NOTIFY",
                "notify when_idle: SQL send, 4 sessions, vs INSERT without NOTIFY",
                "notify never: SQL send, 4 sessions, vs INSERT without NOTIFY",
                "Java sendBatch, 1,000 per call, vs fastest raw bulk insert",
                "steady state, 10,000 messages: peak dead tuples, 2nd half",
                "steady state, 10,000 messages: mean dead tuples, last quarter",
                "steady state, 10,000 messages: median table size, last quarter",
                "codegen, 100 channels: generate, fresh JVM",
                "codegen, 100 channels: unchanged rebuild, fresh JVM",
                "codegen, 100 channels: unchanged rebuild, warm JVM",
                "SQL pg_mq_get_msg_text by 100, 1 session, vs raw UPDATE ... SKIP LOCKED",
                "SQL pg_mq_get_msg_text by 100, 2 sessions, vs raw UPDATE ... SKIP LOCKED",
                "wake-up, 50 delayed sends over 0.2 s-1.2 s, poll interval 30 s: lateness p99",
                "wake-up, 50 nacked messages, backoff 1 s, poll interval 30 s: lateness after the backoff, p99",
                "json send (record → jsonb, Jackson), 1 session, vs raw INSERT of ObjectMapper JSON",
                "json send to a contract-checked channel, 1 session, vs the same INSERT without constraints",
                "json claimLocked + complete by 100, decoded, 1 consumer, vs raw SKIP LOCKED loop + ObjectMapper",
                "json claim + ack by 100, decoded, 1 consumer, vs raw SKIP LOCKED loop + ObjectMapper",
                "send with 2 headers + dedup key, 1 session, vs raw INSERT of the same columns ON CONFLICT",
                "duplicate send (key taken), 1 session, vs a fresh keyed send",
                "send without headers or key, 1 session, vs raw INSERT (unchanged by V13)",
                "RabbitMQ outbound gateway vs bare publisher with confirms",
                "RabbitMQ inbound gateway vs bare consumer inserting per batch");
        String report = Files.readString(out, StandardCharsets.UTF_8);
        for (Row row : rows) {
            if ("tuples".equals(row.unit()) || "% of a core".equals(row.unit())) {
                // a few seconds of traffic may end before the statistics system reports a dead tuple, and an idle
                // consumer may well use no measurable CPU in a 1 s window
                assertThat(row.pgmq()).as(row.scenario()).isNotNegative();
            } else {
                assertThat(row.pgmq()).as(row.scenario()).isPositive();
            }
            row.raw().ifPresent(raw -> assertThat(raw).as(row.scenario()).isPositive());
            assertThat(report).contains("| " + row.scenario() + " | " + row.unit() + " | ");
        }
        assertThat(report).contains("synchronous_commit=", "cores", "| result |", "Profiling notes");
    }
}
