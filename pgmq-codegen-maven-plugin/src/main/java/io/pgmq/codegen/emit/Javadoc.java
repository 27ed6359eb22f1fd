package io.pgmq.codegen.emit;

/** Makes user text safe inside a Javadoc comment. */
final class Javadoc {

    private Javadoc() {
    }

    /**
     * Escapes HTML, a comment end, {@code @} (block tags) and a backslash (javac reads unicode escapes even in
     * comments).
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\\' -> out.append("&#92;");
                case '@' -> out.append("&#64;");
                case '*' -> out.append(i + 1 < text.length() && text.charAt(i + 1) == '/' ? "&#42;" : "*");
                case '\r' -> {
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
