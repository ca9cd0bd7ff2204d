package dev.fulcrum.data;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * How a value from the input is shown in an error or a quarantine reason: quoted, and cut to
 * {@link #MAX} characters with its full length, so one huge field (a 1 MB line) does not turn a
 * one-line error into a megabyte. The quarantine's {@code raw_line} keeps the whole line.
 */
final class Echo {
    /** Characters of a value shown before it is cut. */
    static final int MAX = 80;

    private Echo() {
    }

    /** {@code 'abc'}, or {@code 'aaaa…' (1048576 chars)} past {@link #MAX}. */
    static String of(String s) {
        if (s.length() <= MAX) {
            return "'" + s + "'";
        }
        return "'" + s.substring(0, MAX) + "…' (" + s.length() + " chars)";
    }

    /** {@link #of(String)} as a Spark expression over a string column; {@code null} for a null value. */
    static Column of(Column s) {
        Column shown = when(length(s).leq(MAX), concat(lit("'"), s, lit("'")))
                .otherwise(concat(lit("'"), substring(s, 1, MAX), lit("…' ("), length(s).cast("string"), lit(" chars)")));
        return coalesce(shown, lit("null"));
    }
}
