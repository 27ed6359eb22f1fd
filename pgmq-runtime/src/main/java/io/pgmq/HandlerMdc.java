package io.pgmq;

import java.util.List;
import org.slf4j.MDC;

/**
 * The SLF4J MDC while a consumer's handler runs (issue 17): {@code pgmq.channel}, and for one message
 * {@code pgmq.msg_id} and {@code pgmq.attempt}; the message's {@code traceparent} header as {@code pgmq.traceparent}
 * when it has one. {@link #close()} restores what the thread had before, so nothing leaks into the next message or
 * into the caller's own MDC. One instance per handler call, on the handler's thread; not thread-safe.
 */
final class HandlerMdc implements AutoCloseable {

    static final String CHANNEL = "pgmq.channel";
    static final String MSG_ID = "pgmq.msg_id";
    static final String ATTEMPT = "pgmq.attempt";
    static final String TRACEPARENT = "pgmq.traceparent";
    private static final List<String> KEYS = List.of(CHANNEL, MSG_ID, ATTEMPT, TRACEPARENT);

    private final String[] before = new String[KEYS.size()];

    private HandlerMdc() {
        for (int i = 0; i < KEYS.size(); i++) {
            before[i] = MDC.get(KEYS.get(i));
        }
    }

    /** For one message's handler call. */
    static HandlerMdc of(String channel, long msgId, int attempt, Headers headers) {
        HandlerMdc mdc = new HandlerMdc();
        MDC.put(CHANNEL, channel);
        MDC.put(MSG_ID, Long.toString(msgId));
        MDC.put(ATTEMPT, Integer.toString(attempt));
        headers.get("traceparent").ifPresentOrElse(t -> MDC.put(TRACEPARENT, t), () -> MDC.remove(TRACEPARENT));
        return mdc;
    }

    /** For a handler call on a unit: one message's keys, or the channel alone for a batch. */
    static <T> HandlerMdc of(List<Delivery<T>> unit) {
        if (unit.size() == 1) {
            Delivery<T> d = unit.get(0);
            return of(d.channel(), d.msgId(), d.attempt(), d.headers());
        }
        return unit.isEmpty() ? new HandlerMdc() : of(unit.get(0).channel());
    }

    /** For a handler call on a batch: the channel alone, the message keys cleared. */
    static HandlerMdc of(String channel) {
        HandlerMdc mdc = new HandlerMdc();
        MDC.put(CHANNEL, channel);
        for (String key : List.of(MSG_ID, ATTEMPT, TRACEPARENT)) {
            MDC.remove(key);
        }
        return mdc;
    }

    @Override
    public void close() {
        for (int i = 0; i < KEYS.size(); i++) {
            if (before[i] == null) {
                MDC.remove(KEYS.get(i));
            } else {
                MDC.put(KEYS.get(i), before[i]);
            }
        }
    }
}
