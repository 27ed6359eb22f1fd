package io.pgmq;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the one JSON shape pgmq stores without Jackson (an optional dependency): a JSON object of string values, as
 * the {@code headers} column holds it (its CHECK constraint admits no other). Stateless.
 */
final class JsonObjects {

    private JsonObjects() {}

    /** The entries of a JSON object whose values are all strings. */
    static Map<String, String> parseStrings(String json) {
        Reader in = new Reader(json);
        Map<String, String> out = new LinkedHashMap<>();
        in.skip();
        in.expect('{');
        in.skip();
        if (in.peek() == '}') {
            return out;
        }
        while (true) {
            in.skip();
            String key = in.string();
            in.skip();
            in.expect(':');
            in.skip();
            out.put(key, in.string());
            in.skip();
            char c = in.next();
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw in.error("',' or '}'");
            }
        }
    }

    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        char peek() {
            if (at >= text.length()) {
                throw error("more");
            }
            return text.charAt(at);
        }

        char next() {
            char c = peek();
            at++;
            return c;
        }

        void skip() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        void expect(char c) {
            if (next() != c) {
                throw error("'" + c + "'");
            }
        }

        String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw error("4 hex digits");
                        }
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw error("an escape");
                }
            }
        }

        IllegalStateException error(String expected) {
            return new IllegalStateException("headers are not a JSON object of strings: expected " + expected
                    + " at offset " + at + " of " + text.length());
        }
    }
}
