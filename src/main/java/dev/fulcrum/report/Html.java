package dev.fulcrum.report;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTML escaping and number formatting for the reports. */
public final class Html {
    /** What a missing or non-finite number shows as. */
    static final String NONE = "—";

    private Html() {
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    public static String esc(Object text) {
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
}
