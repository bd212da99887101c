package org.mpire4j.dashboard.internal;

/** Hand-written JSON output: just what the dashboard sends. */
final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /**
     * Appends a JSON string. Besides what JSON requires, escapes {@code < > &} and the line
     * separators U+2028/U+2029, so that the text is also safe inside HTML and JavaScript source.
     */
    static StringBuilder string(StringBuilder out, String value) {
        if (value == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'
                            || Character.isSurrogate(c) && !validSurrogate(value, i)) {
                        unicode(out, Character.isSurrogate(c) && !validSurrogate(value, i) ? '\ufffd' : c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** Whether the surrogate at {@code i} is half of a well-formed pair (a lone one is not valid UTF-8). */
    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static void unicode(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
    }

    /** Appends a number; NaN and infinities, which JSON lacks, become {@code null}. */
    static StringBuilder number(StringBuilder out, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return out.append("null");
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return out.append((long) value);
        }
        return out.append(value);
    }

    /** Appends {@code "name":} (after a comma unless it is the first member). */
    static StringBuilder name(StringBuilder out, String name) {
        char last = out.isEmpty() ? 0 : out.charAt(out.length() - 1);
        if (last != '{' && last != '[' && last != 0) {
            out.append(',');
        }
        return string(out, name).append(':');
    }
}
