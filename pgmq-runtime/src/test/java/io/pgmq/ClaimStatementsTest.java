package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqTest;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A channel reads its statements once, when its first operation verifies it; later claims read no catalog. */
@PgmqTest
class ClaimStatementsTest {

    private final TestChannels channels;

    ClaimStatementsTest(DataSource dataSource) {
        this.channels = new TestChannels(dataSource);
    }

    @Test
    void claimsOfAnyBatchSize_afterTheChannelIsVerified_needNoStatementFunction() {
        TextChannel jobs = channels.text("jobs");
        jobs.sendBatch(channels.dsl(), IntStream.range(0, 20).mapToObj(i -> "job " + i).toList());
        // this database's own copy of pgmq-schema: without the functions, only statements read at verification work
        channels.dsl().execute("drop function pg_mq_claim_sql(name, text, integer)");
        channels.dsl().execute("drop function pg_mq_claim_locked_sql(name, text, integer)");

        List<Delivery<String>> claimed = jobs.claim(channels.dsl(), 7, Duration.ofMinutes(1));
        claimed = concat(claimed, jobs.claim(channels.dsl(), 3, Duration.ofMinutes(1)));
        List<LockedDelivery<String>> locked = channels.dsl().transactionResult(tx -> {
            List<LockedDelivery<String>> got = jobs.claimLocked(tx.dsl(), 4);
            jobs.complete(tx.dsl(), got);
            return got;
        });

        assertThat(claimed).hasSize(10);
        assertThat(locked).hasSize(4);
        jobs.ack(channels.dsl(), claimed);
        assertThat(channels.count(jobs)).isEqualTo(6);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
