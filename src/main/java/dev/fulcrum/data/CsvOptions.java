package dev.fulcrum.data;

import java.io.Serializable;

/**
 * The {@code data.csv} block: how a CSV line splits into fields.
 *
 * @param delimiter separates fields ({@code ','}; {@code ';'}, {@code '\t'} and {@code '|'} are common)
 * @param quote     encloses a field that holds the delimiter; doubled inside a quoted field it stands for itself
 * @param nullValue a field equal to this (after trimming) is a missing value; {@code ""} = only empty fields
 */
public record CsvOptions(char delimiter, char quote, String nullValue) implements Serializable {
    /** RFC 4180: comma, double quote, an empty field is missing. */
    public static final CsvOptions DEFAULT = new CsvOptions(',', '"', "");

    public CsvOptions {
        if (delimiter == quote) {
            throw new IllegalArgumentException("the CSV delimiter and quote must differ; both are '" + delimiter + "'");
        }
        if (delimiter == '\n' || delimiter == '\r' || quote == '\n' || quote == '\r') {
            throw new IllegalArgumentException("a CSV record is one line: the delimiter and quote cannot be a line break");
        }
        if (nullValue == null) {
            throw new IllegalArgumentException("nullValue must not be null; \"\" means only empty fields are missing");
        }
    }

    /** A field is missing when it is empty or equal to {@link #nullValue} (both trimmed). */
    boolean missing(String trimmed) {
        return trimmed.isEmpty() || trimmed.equals(nullValue.trim());
    }

    /** How a delimiter is written in a job file: {@code "\t"} for a tab. */
    public static String spell(char c) {
        return c == '\t' ? "\\t" : String.valueOf(c);
    }
}
