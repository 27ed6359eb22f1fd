package io.pgmq;

import java.util.List;

/**
 * OpenTelemetry, when its API is on the class path (an optional dependency): the current trace context goes into a
 * sent message's headers, and each handler call runs in a {@code process <channel>} span ({@link OtelTracing}).
 * Without the API every method is a cheap no-op and no OpenTelemetry class is loaded. Stateless and thread-safe.
 */
final class Tracing {

    /** Whether the OpenTelemetry API could be loaded. */
    static final boolean AVAILABLE = present();

    private static final Process NONE = failure -> { };

    private Tracing() {}

    /** {@code options} with the current span's traceparent (and tracestate, baggage) unless it has one already. */
    static SendOptions inject(SendOptions options) {
        return AVAILABLE ? OtelTracing.inject(options) : options;
    }

    /** Starts the span of one handler call on {@code unit}; end it with what the handler threw (null: it returned). */
    static <T> Process process(String channel, List<? extends Message> unit) {
        return AVAILABLE && !unit.isEmpty() ? OtelTracing.process(channel, unit) : NONE;
    }

    /** One handler call's span (and its MDC trace id). */
    @FunctionalInterface
    interface Process {
        /** Ends the span: outcome ack, or nack with the exception recorded. */
        void end(Throwable failure);
    }

    /** What a span needs of a message. */
    record Message(long msgId, int attempt, Headers headers) {

        static Message of(Delivery<?> d) {
            return new Message(d.msgId(), d.attempt(), d.headers());
        }

        static Message of(LockedDelivery<?> d) {
            return new Message(d.msgId(), d.attempt(), d.headers());
        }
    }

    private static boolean present() {
        try {
            Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, Tracing.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
