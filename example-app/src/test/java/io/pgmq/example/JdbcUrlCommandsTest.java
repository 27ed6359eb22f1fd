package io.pgmq.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.Pgmq;
import io.pgmq.example.channels.Channels;
import io.pgmq.test.PgmqDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jooq.XML;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code send}, {@code consume} and {@code stats} against a server given with {@code --jdbc-url}: a fresh, empty
 * database from pgmq-test (PGMQ_TEST_JDBC_URL's server, or embedded), which the CLI migrates itself.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdbcUrlCommandsTest {

    private static PgmqDatabase db;

    @BeforeAll
    static void createEmptyDatabase() {
        db = PgmqDatabase.create("public");
        CliRun first = cli("stats");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Flyway: applied 19 migrations");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    private static CliRun cli(String... args) {
        return CliRun.of(Stream.concat(Stream.of(args),
                Stream.of("--jdbc-url", db.jdbcUrl(), "--user", db.user(), "--password", db.password()))
                .toArray(String[]::new));
    }

    @Test
    void send_queuesTextMessageOnOrderEmails() throws SQLException {
        CliRun run = cli("send", "order_emails", "hello from the CLI");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("sent message #\\d+ to order_emails");
        try (Connection c = db.connect()) {
            assertThat(Channels.ORDER_EMAILS.receive(Pgmq.using(c), 10))
                    .extracting(message -> message.payload())
                    .containsExactly("hello from the CLI");
        }
    }

    @Test
    void consume_printsAndAcksReadyInvoices() throws SQLException {
        try (Connection c = db.connect()) {
            Channels.INVOICES.send(Pgmq.using(c), XML.xml("<invoice order=\"7\"/>"));
        }

        CliRun first = cli("consume", "invoices");
        CliRun second = cli("consume", "invoices");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("(attempt 1): <invoice order=\"7\"/>").contains("invoices: consumed 1 message(s)");
        assertThat(second.out()).contains("invoices: no message ready");
    }

    @Test
    void stats_printsReadyMessagesPerChannel() throws SQLException {
        try (Connection c = db.connect()) {
            Channels.THUMBNAILS.send(Pgmq.using(c), "a".getBytes(StandardCharsets.UTF_8));
            Channels.THUMBNAILS.send(Pgmq.using(c), "b".getBytes(StandardCharsets.UTF_8));
        }

        CliRun run = cli("stats");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Flyway: schema is up to date")
                .containsPattern("channel\\s+type\\s+ready\\s+waiting\\s+leased\\s+dead\\s+oldest")
                .containsPattern("thumbnails\\s+bytea\\s+2\\s+0\\s+0\\s+0\\s+\\d");
    }

    @Test
    void send_toUnknownChannel_exitsWithUsageErrorOnOneLine() {
        CliRun run = cli("send", "order_mails", "hi");

        assertThat(run.exitCode()).isEqualTo(ShopCli.USAGE);
        assertThat(run.errLines()).containsExactly(
                "error: unknown channel \"order_mails\": expected one of [invoices, order_emails, thumbnails]");
    }
}
