package io.pgmq.codegen.manifest;

import java.util.Locale;

/** The one rule from a channel name to Java names. */
final class JavaNames {

    private JavaNames() {
    }

    /** {@code order_events} → {@code OrderEventsChannel}; empty parts ({@code a__b}, {@code a_}) vanish. */
    static String className(String channelName) {
        StringBuilder out = new StringBuilder();
        for (String part : channelName.split("_")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        return out.append("Channel").toString();
    }

    /** {@code order_events} → {@code ORDER_EVENTS}. */
    static String constantName(String channelName) {
        return channelName.toUpperCase(Locale.ROOT);
    }
}
