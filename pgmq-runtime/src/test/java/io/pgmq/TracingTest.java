package io.pgmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.pgmq.test.PgmqTest;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/**
 * Trace context across the queue (issue 17) with the OpenTelemetry SDK's in-memory exporter: send stores the current
 * span's traceparent, the consumer's {@code process} span is its child on the first attempt and links to it on a
 * retry; without the API on the class path, tracing is off.
 */
@PgmqTest
@Timeout(60)
class TracingTest {

    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static OpenTelemetrySdk sdk;

    private final DataSource dataSource;
    private final TestChannels channels;

    TracingTest(DataSource dataSource) {
        this.dataSource = dataSource;
        this.channels = new TestChannels(dataSource);
    }

    @BeforeAll
    static void installSdk() {
        GlobalOpenTelemetry.resetForTest();
        sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build()).build();
        GlobalOpenTelemetry.set(sdk);
    }

    @AfterAll
    static void removeSdk() {
        GlobalOpenTelemetry.resetForTest();
        sdk.close();
    }

    @BeforeEach
    void clear() {
        SPANS.reset();
    }

    @Test
    void sendInsideASpan_storesItsTraceparent_andTheHandlerSpanIsItsChild() {
        TextChannel jobs = channels.text("tr_child");
        Span send = GlobalOpenTelemetry.getTracer("test").spanBuilder("place order").startSpan();
        try (Scope ignored = send.makeCurrent()) {
            jobs.send(channels.dsl(), "x");
        } finally {
            send.end();
        }
        List<String> traceIds = new CopyOnWriteArrayList<>();
        try (Consumer<String> consumer = Consumer.builder(jobs, dataSource).pollInterval(Duration.ofMillis(50))
                .handler(d -> traceIds.add(MDC.get("pgmq.trace_id") + "|" + d.headers().get("traceparent")
                        .orElse(""))).start()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> process(jobs).size() == 1);
        }

        SpanData processed = process(jobs).get(0);
        assertThat(processed.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(processed.getTraceId()).isEqualTo(send.getSpanContext().getTraceId());
        assertThat(processed.getParentSpanId()).isEqualTo(send.getSpanContext().getSpanId());
        assertThat(processed.getAttributes().asMap().toString()).contains("messaging.destination.name=" + jobs.name())
                .contains("pgmq.attempt=1").contains("pgmq.outcome=ack");
        assertThat(traceIds).singleElement().asString().startsWith(send.getSpanContext().getTraceId() + "|00-"
                + send.getSpanContext().getTraceId() + "-" + send.getSpanContext().getSpanId());
    }

    @Test
    void retry_startsANewTraceLinkedToTheSender() {
        TextChannel jobs = channels.text("tr_retry");
        channels.dsl().execute("SELECT \"" + jobs.schema() + "\".pg_mq_alter_channel(?, in_backoff_base => interval"
                + " '1 millisecond', in_backoff_max => interval '1 millisecond')", jobs.name());
        Span send = GlobalOpenTelemetry.getTracer("test").spanBuilder("place order").startSpan();
        try (Scope ignored = send.makeCurrent()) {
            jobs.send(channels.dsl(), "x");
        } finally {
            send.end();
        }
        AtomicInteger calls = new AtomicInteger();
        try (Consumer<String> consumer = Consumer.builder(jobs, dataSource).pollInterval(Duration.ofMillis(50))
                .handler(d -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                }).start()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> process(jobs).size() == 2);
        }

        SpanData second = process(jobs).stream().filter(s -> s.getAttributes().asMap().toString()
                .contains("pgmq.attempt=2")).findFirst().orElseThrow();
        assertThat(second.getTraceId()).isNotEqualTo(send.getSpanContext().getTraceId());
        assertThat(second.getLinks()).singleElement().satisfies(link ->
                assertThat(link.getSpanContext().getSpanId()).isEqualTo(send.getSpanContext().getSpanId()));
        SpanData first = process(jobs).stream().filter(s -> s.getAttributes().asMap().toString()
                .contains("pgmq.attempt=1")).findFirst().orElseThrow();
        assertThat(first.getAttributes().asMap().toString()).contains("pgmq.outcome=nack");
    }

    @Test
    void sendWithoutACurrentSpan_addsNoHeaders() {
        TextChannel jobs = channels.text("tr_none");
        jobs.send(channels.dsl(), "x");

        assertThat(jobs.claim(channels.dsl(), 1, Duration.ofMinutes(1))).singleElement()
                .satisfies(d -> assertThat(d.headers().isEmpty()).isTrue());
    }

    @Test
    void withoutOpenTelemetryOnTheClassPath_tracingIsOffAndSendOptionsPassThrough() throws Exception {
        URL runtimeClasses = Tracing.class.getProtectionDomain().getCodeSource().getLocation();
        URL slf4j = MDC.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {runtimeClasses, slf4j},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> tracing = loader.loadClass(Tracing.class.getName());
            Field available = tracing.getDeclaredField("AVAILABLE");
            available.setAccessible(true);
            assertThat(available.getBoolean(null)).isFalse();

            Class<?> options = loader.loadClass(SendOptions.class.getName());
            Object none = options.getMethod("none").invoke(null);
            var inject = tracing.getDeclaredMethod("inject", options);
            inject.setAccessible(true);
            assertThat(inject.invoke(null, none)).isSameAs(none);
            var process = tracing.getDeclaredMethod("process", String.class, List.class);
            process.setAccessible(true);
            Class<?> message = loader.loadClass(Tracing.Message.class.getName());
            Class<?> headers = loader.loadClass(Headers.class.getName());
            var constructor = message.getDeclaredConstructors()[0];
            constructor.setAccessible(true);
            Object m = constructor.newInstance(1L, 1, headers.getMethod("empty").invoke(null));
            Object span = process.invoke(null, "jobs", List.of(m));
            var end = span.getClass().getMethod("end", Throwable.class);
            end.setAccessible(true);
            end.invoke(span, (Throwable) null);
        }
    }

    private static List<SpanData> process(Channel<?> channel) {
        return SPANS.getFinishedSpanItems().stream().filter(s -> s.getName().equals("process " + channel.name()))
                .toList();
    }

}
