package dev.fulcrum.report;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTML escaping, number formatting and safe reads of the nested metrics map, for the report. */
final class Html {
    /** What a missing or non-finite number shows as. */
    static final String NONE = "—";

    private Html() {
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String esc(Object text) {
        String s = String.valueOf(text);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A value as the summary tables show it, escaped: integers in full, doubles with 4 decimals
     * (1 above 100, scientific below 0.001), null / NaN / infinity as {@link #NONE}.
     */
    static String num(Object v) {
        if (v == null) {
            return NONE;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return v.toString();
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                return NONE;
            }
            double a = Math.abs(d);
            if (a >= 100) {
                return String.format(Locale.ROOT, "%.1f", d);
            }
            if (a >= 0.001 || d == 0) {
                return String.format(Locale.ROOT, "%.4f", d);
            }
            return String.format(Locale.ROOT, "%.3e", d);
        }
        return esc(v);
    }

    /** A value at full precision (as metrics.json has it), escaped. */
    static String full(Object v) {
        if (v == null || v instanceof Double d && !Double.isFinite(d)) {
            return NONE;
        }
        return esc(v);
    }

    /** The value at a dotted path of nested maps ("test.atThreshold.tp"), or null. */
    static Object get(Map<String, Object> root, String path) {
        Object cur = root;
        for (String key : splitPath(path)) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(key);
        }
        return cur;
    }

    /** Keys may hold dots ("recallAtPrecision0.9", "at0.5"): a part ends at a dot before a letter. */
    private static List<String> splitPath(String path) {
        List<String> parts = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' && i + 1 < path.length() && Character.isLetter(path.charAt(i + 1))) {
                parts.add(path.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(path.substring(start));
        return parts;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> root, String path) {
        Object v = get(root, path);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Collections.emptyMap();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> root, String path) {
        Object v = get(root, path);
        if (!(v instanceof List<?> l)) {
            return Collections.emptyList();
        }
        return l.stream().filter(x -> x instanceof Map<?, ?>).map(x -> (Map<String, Object>) x).toList();
    }

    /** A number at a path, or NaN when missing or not numeric. */
    static double dbl(Map<String, Object> root, String path) {
        return get(root, path) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
