package io.pgmq.codegen.manifest;

import java.util.Locale;
import java.util.Set;

/** The one rule from a channel name, and from a message field's name, to Java names. */
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

    /** Java's keywords and literals, which no identifier may be. */
    static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
            "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
            "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
            "while", "true", "false", "null", "_", "record", "var", "yield", "sealed", "permits");

    /** Methods every object has without arguments: a record component with such a name would not compile. */
    private static final Set<String> OBJECT_METHODS = Set.of("getClass", "hashCode", "toString", "clone", "finalize",
            "notify", "notifyAll", "wait");

    /**
     * {@code order_id} → {@code orderId}: the parts after the first get an upper-case first letter and the
     * underscores go; a Java keyword or a method every object has ({@code class}, {@code to_string}) gets a
     * trailing {@code _} ({@code class_}, {@code toString_}).
     */
    static String fieldName(String fieldName) {
        StringBuilder out = new StringBuilder();
        for (String part : fieldName.split("_")) {
            if (part.isEmpty()) {
                continue;
            }
            out.append(out.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        String name = out.toString();
        return KEYWORDS.contains(name) || OBJECT_METHODS.contains(name) ? name + "_" : name;
    }

    /** {@code payment_status} → {@code PaymentStatus}: the nested enum of an enum field. */
    static String enumName(String fieldName) {
        String camel = fieldName(fieldName).replaceFirst("_$", "");
        return Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
    }
}
