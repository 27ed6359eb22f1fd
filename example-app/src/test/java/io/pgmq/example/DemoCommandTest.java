package io.pgmq.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo, run once end to end on its own embedded PostgreSQL, as {@code java -jar … demo} runs it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoCommandTest {

    private static CliRun demo;

    @BeforeAll
    static void runDemo() {
        demo = CliRun.of("demo");
    }

    @Test
    void demo_exitsZeroWithoutErrors() {
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.err()).isEmpty();
    }

    @Test
    void demo_startsEmbeddedPostgresAndMigrates() {
        assertThat(demo.out())
                .contains("Starting an embedded PostgreSQL")
                .contains("Flyway: applied 19 migrations");
    }

    @Test
    void demo_placesOrdersWithTheirMessagesInOneTransaction() {
        assertThat(demo.out()).contains(
                "order 1 for Alice (coffee grinder, 89.00 EUR) committed, with email #1 on order_emails, invoice #1 on"
                        + " invoices and OrderPlaced event #1 on order_placed");
    }

    @Test
    void demo_showsRolledBackOrderSentNothing() {
        assertThat(demo.out())
                .contains("ROLLBACK")
                .contains("orders in the table: 3 before, 3 after; emails waiting on order_emails: 3 before, 3 after")
                .contains("=> nothing was sent for Dave's order")
                .doesNotContain("UNEXPECTED");
    }

    @Test
    void demo_sendsTypedOrderEvents_thatSqlReadsAsJsonb_theContractGuards_andAConsumerReadsTyped() {
        assertThat(demo.out())
                .contains("SQL sees event #1 as jsonb: payload->>'email' = alice@example.com")
                .contains("channel \"order_placed\": message OrderPlaced: field \"email\" is required, a JSON string, but it"
                        + " is missing")
                .contains("event #1: order 1 for alice@example.com, 1 line(s), first coffee grinder, total 89.00 EUR")
                .contains("3 OrderPlaced events handled and acked");
    }

    @Test
    void demo_consumesXmlInvoicesAndByteaThumbnails() {
        assertThat(demo.out())
                .contains("booked invoice #1: order 1, Alice, total 89.00 EUR")
                .contains("3 invoices booked and acked")
                .contains("thumbnail of message #1: 4096 bytes in, 512 bytes out")
                .contains("thumbnail of message #2: 4096 bytes in, 512 bytes out");
    }

    @Test
    void demo_retriesFailingEmailThenDeadLettersIt() {
        assertThat(demo.out())
                .contains("email to carol@example.com FAILED (message #3, attempt 1 of 3): 552 mailbox full")
                .contains("email to carol@example.com FAILED (message #3, attempt 3 of 3)")
                .contains("nacked: pgmq will offer it again in")
                .contains("nacked: that was the last attempt, so it is now a dead letter")
                .contains("message #3 after 3 attempts, last error \"552 mailbox full: carol@example.com\"");
    }

    @Test
    void demo_redrivesDeadLetterAndDeliversIt() {
        assertThat(demo.out())
                .contains("redrive brought back 1 message(s)")
                .containsPattern("Redrive[\\s\\S]*email to carol@example.com sent \\(message #3, attempt 1 of 3\\)");
    }

    @Test
    void demo_printsStatsTableWhileBusyAndAtTheEnd() {
        assertThat(demo.out())
                .containsPattern("order_emails\\s+text\\s+1\\s+0\\s+0\\s+1\\s")
                .containsPattern("thumbnails\\s+bytea\\s+0\\s+0\\s+1\\s+0\\s")
                .containsPattern("order_emails\\s+text\\s+0\\s+0\\s+0\\s+0\\s+-");
    }

    @Test
    void demo_stopsEmbeddedPostgresAtTheEnd() {
        assertThat(demo.out()).contains("the embedded PostgreSQL is stopped and its data deleted");
    }
}
