package io.pgmq;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The OpenTelemetry side of {@link Tracing}; loaded only when the API is on the class path. Spans follow the
 * messaging semantic conventions: kind CONSUMER, name {@code process <channel>}, {@code messaging.system} pgmq,
 * {@code messaging.destination.name}, {@code messaging.message.id}, plus {@code pgmq.attempt} and
 * {@code pgmq.outcome} (ack or nack). A first attempt is the child of the sender's span; a retry, and a batch, start
 * a new trace linked to each message's sender. Stateless and thread-safe.
 */
final class OtelTracing {

    static final String TRACE_ID = "pgmq.trace_id";

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<Long> BATCH = AttributeKey.longKey("messaging.batch.message_count");
    private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("pgmq.attempt");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("pgmq.outcome");

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            return carrier.asMap().keySet();
        }

        @Override
        public String get(Headers carrier, String key) {
            return carrier == null ? null : carrier.get(key).orElse(null);
        }
    };

    private OtelTracing() {}

    static SendOptions inject(SendOptions options) {
        Context current = Context.current();
        if (!Span.fromContext(current).getSpanContext().isValid()
                || options.headers().get("traceparent").isPresent()) {
            return options;
        }
        Map<String, String> carrier = new LinkedHashMap<>();
        W3CTraceContextPropagator.getInstance().inject(current, carrier, Map::put);
        W3CBaggagePropagator.getInstance().inject(current, carrier, Map::put);
        SendOptions out = options;
        for (Map.Entry<String, String> e : carrier.entrySet()) {
            out = out.header(e.getKey(), e.getValue());
        }
        return out;
    }

    static Tracing.Process process(String channel, List<? extends Tracing.Message> unit) {
        SpanBuilder builder = GlobalOpenTelemetry.getTracer("io.pgmq").spanBuilder("process " + channel)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, "pgmq")
                .setAttribute(DESTINATION, channel)
                .setAttribute(OPERATION, "process");
        if (unit.size() == 1) {
            Tracing.Message m = unit.get(0);
            builder.setAttribute(MESSAGE_ID, Long.toString(m.msgId())).setAttribute(ATTEMPT, (long) m.attempt());
            SpanContext sender = sender(m);
            if (m.attempt() == 1 && sender.isValid()) {
                builder.setParent(Context.root().with(Span.wrap(sender)));
            } else {
                builder.setNoParent();
                if (sender.isValid()) {
                    builder.addLink(sender);
                }
            }
        } else {
            builder.setNoParent().setAttribute(BATCH, (long) unit.size());
            for (Tracing.Message m : unit) {
                SpanContext sender = sender(m);
                if (sender.isValid()) {
                    builder.addLink(sender);
                }
            }
        }
        Span span = builder.startSpan();
        Scope scope = span.makeCurrent();
        String previous = MDC.get(TRACE_ID);
        MDC.put(TRACE_ID, span.getSpanContext().getTraceId());
        return failure -> {
            if (failure == null) {
                span.setAttribute(OUTCOME, "ack");
            } else {
                span.setAttribute(OUTCOME, "nack");
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR);
            }
            if (previous == null) {
                MDC.remove(TRACE_ID);
            } else {
                MDC.put(TRACE_ID, previous);
            }
            scope.close();
            span.end();
        };
    }

    private static SpanContext sender(Tracing.Message m) {
        if (m.headers().get("traceparent").isEmpty()) {
            return SpanContext.getInvalid();
        }
        Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), m.headers(), GETTER);
        return Span.fromContext(extracted).getSpanContext();
    }
}
