package dev.fulcrum.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line (RFC 4180 quoting with {@link CsvOptions}' delimiter and quote: a quoted field
 * may hold the delimiter, a doubled quote inside it stands for one). Numeric data files never need
 * multi-line fields, so a record is one line; a stray quote makes the line bad.
 */
final class CsvLine {
    private CsvLine() {
    }

    /** {@link #split(String, CsvOptions)} with {@link CsvOptions#DEFAULT}. */
    static List<String> split(String line) {
        return split(line, CsvOptions.DEFAULT);
    }

    /** The fields, or null when the quoting is broken. */
    static List<String> split(String line, CsvOptions o) {
        char delimiter = o.delimiter();
        char quote = o.quote();
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == quote) {
                    if (i + 1 < line.length() && line.charAt(i + 1) == quote) {
                        cur.append(quote);
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == delimiter) {
                out.add(cur.toString());
                cur.setLength(0);
                wasQuoted = false;
            } else if (c == quote && cur.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == '\r' && i == line.length() - 1) {
                break;
            } else {
                if (wasQuoted) {
                    return null;
                }
                cur.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        out.add(cur.toString());
        return out;
    }
}
