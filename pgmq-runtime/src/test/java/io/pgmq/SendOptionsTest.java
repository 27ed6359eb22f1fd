package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgmq.test.PgmqTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Send options (issue 17) on a real database: headers and dedup keys through {@code pg_mq_send_keyed}. */
@PgmqTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendOptionsTest {

    private final DataSource dataSource;
    private final TestChannels channels;

    SendOptionsTest(DataSource dataSource) {
        this.dataSource = dataSource;
        this.channels = new TestChannels(dataSource);
    }

    @Test
    void sendWithHeaders_storesThemAsAJsonObject() {
        TextChannel jobs = channels.text("so_headers");

        SendResult sent = jobs.send(channels.dsl(), "x", SendOptions.none().header("tenant", "acme")
                .header("quote", "a \"b\" \\ c\n"));

        assertThat(sent.duplicate()).isFalse();
        assertThat(channels.dsl().fetchValue("SELECT headers->>'quote' FROM " + quoted(jobs) + " WHERE msg_id = ?",
                sent.msgId())).isEqualTo("a \"b\" \\ c\n");
    }

    @Test
    void sendWithTakenKey_returnsTheHolderAsADuplicate() {
        TextChannel jobs = channels.text("so_dedup");

        SendResult first = jobs.send(channels.dsl(), "a", SendOptions.none().dedupKey("invoice-42"));
        SendResult second = jobs.send(channels.dsl(), "b", SendOptions.delay(Duration.ofMinutes(1))
                .dedupKey("invoice-42"));

        assertThat(second).isEqualTo(new SendResult(first.msgId(), true));
        assertThat(channels.count(jobs)).isEqualTo(1);
    }

    @Test
    void sendWithDelayAndKey_isNotClaimableYet() {
        TextChannel jobs = channels.text("so_delay");

        jobs.send(channels.dsl(), "later", SendOptions.delay(Duration.ofHours(1)).dedupKey("k"));

        assertThat(jobs.claim(channels.dsl(), 10, Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void byteaChannel_takesHeadersToo() {
        ByteaChannel blobs = channels.bytea("so_bytes");

        SendResult sent = blobs.send(channels.dsl(), new byte[] {1, 2}, SendOptions.none().header("k", "v"));

        assertThat(blobs.claim(channels.dsl(), 1, Duration.ofMinutes(1))).singleElement()
                .satisfies(d -> assertThat(d.payload()).containsExactly(1, 2));
        assertThat(sent.msgId()).isPositive();
    }

    @Test
    void noOptions_sendsAsThePlainSendDoes() {
        TextChannel jobs = channels.text("so_none");

        SendResult sent = jobs.send(channels.dsl(), "x", SendOptions.none());

        assertThat(sent.duplicate()).isFalse();
        assertThat(jobs.claim(channels.dsl(), 1, Duration.ofMinutes(1))).singleElement()
                .satisfies(d -> assertThat(d.msgId()).isEqualTo(sent.msgId()));
    }

    @Test
    void deadLetter_carriesItsHeaders() {
        TextChannel jobs = channels.text("so_dead");
        jobs.send(channels.dsl(), "x", SendOptions.none().header("tenant", "acme"));
        Delivery<String> d = jobs.claim(channels.dsl(), 1, Duration.ofMinutes(1)).get(0);
        channels.dsl().execute("SELECT \"" + jobs.schema() + "\".pg_mq_reject(?, ?, ?, 'poison')", jobs.name(),
                d.msgId(), d.leaseToken());

        List<DeadLetter> dead = jobs.deadLetters(channels.dsl(), 10);

        assertThat(dead).singleElement().satisfies(letter ->
                assertThat(letter.headers().get("tenant")).contains("acme"));
    }

    @Test
    void claim_returnsTheHeaders_andANackedRetryKeepsThem() {
        TextChannel jobs = channels.text("so_claim");
        jobs.send(channels.dsl(), "x", SendOptions.none().header("tenant", "acme"));
        Delivery<String> first = jobs.claim(channels.dsl(), 1, Duration.ofMinutes(1)).get(0);
        jobs.nack(channels.dsl(), first, "boom", Duration.ZERO);

        Delivery<String> retry = jobs.claim(channels.dsl(), 1, Duration.ofMinutes(1)).get(0);

        assertThat(first.headers().asMap()).containsExactly(Map.entry("tenant", "acme"));
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(retry.headers()).isEqualTo(first.headers());
    }

    @Test
    void claimLocked_returnsTheHeaders() {
        TextChannel jobs = channels.text("so_locked");
        jobs.send(channels.dsl(), "x", SendOptions.none().header("tenant", "acme"));

        List<LockedDelivery<String>> locked = channels.dsl().transactionResult(cfg ->
                jobs.claimLocked(org.jooq.impl.DSL.using(cfg), 1));

        assertThat(locked).singleElement().satisfies(d -> assertThat(d.headers().get("tenant")).contains("acme"));
    }

    @Test
    void plainSend_claimsWithEmptyHeaders() {
        TextChannel jobs = channels.text("so_plain");
        jobs.send(channels.dsl(), "x");

        assertThat(jobs.claim(channels.dsl(), 1, Duration.ofMinutes(1))).singleElement()
                .satisfies(d -> assertThat(d.headers().isEmpty()).isTrue());
    }

    @Test
    void keptDoneHolder_isReleased_andTheKeySendsAgain() {
        TextChannel jobs = channels.text("so_release");
        channels.dsl().execute("SELECT \"" + jobs.schema() + "\".pg_mq_alter_channel(?, in_keep_acked => true)",
                jobs.name());
        SendResult first = jobs.send(channels.dsl(), "a", SendOptions.none().dedupKey("k"));
        jobs.ack(channels.dsl(), jobs.claim(channels.dsl(), 1, Duration.ofMinutes(1)).get(0));

        SendResult again = jobs.send(channels.dsl(), "b", SendOptions.none().dedupKey("k"));

        assertThat(again.duplicate()).isFalse();
        assertThat(again.msgId()).isNotEqualTo(first.msgId());
        assertThat(channels.count(jobs)).isEqualTo(2);
    }

    @Test
    void concurrentSendOfOneKey_waitsForTheFirst_thenReturnsItsId() throws Exception {
        TextChannel jobs = channels.text("so_race");
        try (java.sql.Connection first = dataSource.getConnection();
             java.sql.Connection second = dataSource.getConnection()) {
            first.setAutoCommit(false);
            long id = jobs.send(Pgmq.using(first), "a", SendOptions.none().dedupKey("k")).msgId();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<SendResult> waiting = pool.submit(() ->
                        jobs.send(Pgmq.using(second), "b", SendOptions.none().dedupKey("k")));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                        channels.dsl().fetchValue(org.jooq.impl.DSL.field("(SELECT count(*) FROM pg_stat_activity"
                                + " WHERE wait_event_type = 'Lock' AND query LIKE 'WITH inserted AS%')",
                                Long.class)) > 0);
                first.commit();

                assertThat(waiting.get(15, java.util.concurrent.TimeUnit.SECONDS))
                        .isEqualTo(new SendResult(id, true));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void sendBatchWithOptions_givesEachMessageItsOwn_andReportsDuplicates() {
        TextChannel jobs = channels.text("so_batch");

        List<SendResult> sent = jobs.sendBatch(channels.dsl(), List.of("a", "b", "a"),
                p -> SendOptions.none().header("item", p).dedupKey("item-" + p));

        assertThat(sent).extracting(SendResult::duplicate).containsExactly(false, false, true);
        assertThat(sent.get(2).msgId()).isEqualTo(sent.get(0).msgId());
        assertThat(jobs.claim(channels.dsl(), 10, Duration.ofMinutes(1)))
                .extracting(d -> d.headers().get("item").orElseThrow()).containsExactly("a", "b");
    }

    @Test
    void headersOverTheLimit_areRefusedWhenBuilt() {
        assertThatThrownBy(() -> Headers.of(Map.of("k", "v".repeat(Headers.MAX_BYTES))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than the limit of 8192 bytes");
    }

    @Test
    void headers_areCaseSensitiveAndImmutable() {
        Headers h = Headers.empty().with("Tenant", "a").with("tenant", "b");

        assertThat(h.asMap()).containsEntry("Tenant", "a").containsEntry("tenant", "b").hasSize(2);
        assertThatThrownBy(() -> h.asMap().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void headers_roundTripThroughJson() {
        Headers h = Headers.empty().with("k", "caf\u00e9 \"q\" \\ \t").with("e", "");

        assertThat(Headers.fromJson(h.toJson())).isEqualTo(h);
    }

    private static String quoted(Channel<?> channel) {
        return "\"" + channel.schema() + "\".\"" + channel.tableName() + "\"";
    }
}
