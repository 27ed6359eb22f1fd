package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmq.test.PgmqTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/** The SLF4J MDC while a handler runs (issue 17): set for the message, restored after. */
@PgmqTest
@Timeout(60)
class HandlerMdcTest {

    private final DataSource dataSource;
    private final TestChannels channels;

    HandlerMdcTest(DataSource dataSource) {
        this.dataSource = dataSource;
        this.channels = new TestChannels(dataSource);
    }

    @Test
    void handler_seesChannelMsgIdAttemptAndTraceparentInTheMdc() {
        TextChannel jobs = channels.text("mdc_jobs");
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        long id = jobs.send(channels.dsl(), "x", SendOptions.none().header("traceparent", traceparent)).msgId();
        List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
        try (Consumer<String> consumer = Consumer.builder(jobs, dataSource).pollInterval(Duration.ofMillis(50))
                .handler(d -> seen.add(copy())).start()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> seen.size() == 1);
        }

        assertThat(seen.get(0)).containsEntry("pgmq.channel", jobs.name())
                .containsEntry("pgmq.msg_id", Long.toString(id))
                .containsEntry("pgmq.attempt", "1")
                .containsEntry("pgmq.traceparent", traceparent);
    }

    @Test
    void close_restoresWhatTheThreadHadBefore() {
        MDC.put("pgmq.channel", "outer");
        try {
            try (HandlerMdc mdc = HandlerMdc.of("inner", 7, 2, Headers.empty())) {
                assertThat(MDC.get("pgmq.channel")).isEqualTo("inner");
                assertThat(MDC.get("pgmq.msg_id")).isEqualTo("7");
            }

            assertThat(MDC.get("pgmq.channel")).isEqualTo("outer");
            assertThat(MDC.get("pgmq.msg_id")).isNull();
            assertThat(MDC.get("pgmq.attempt")).isNull();
        } finally {
            MDC.remove("pgmq.channel");
        }
    }

    private static Map<String, String> copy() {
        Map<String, String> m = MDC.getCopyOfContextMap();
        return m == null ? Map.of() : new HashMap<>(m);
    }
}
