package dev.fulcrum.data;

import dev.fulcrum.error.BadInputException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** The header line of CSV input: split with {@link CsvOptions}, a likely wrong delimiter and duplicate names refused. */
final class CsvHeader {
    private CsvHeader() {
    }

    /**
     * "'x' (columns 2, 5), 'y'/'Y' (columns 3, 4)": every repeated name with its 1-based positions.
     * Names differing only in case count as repeated: Spark resolves column names ignoring case.
     */
    static BadInputException duplicates(List<String> header, String file) {
        java.util.Map<String, List<Integer>> at = new java.util.LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            at.computeIfAbsent(header.get(i).toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>()).add(i + 1);
        }
        List<String> repeated = new ArrayList<>();
        at.forEach((key, positions) -> {
            if (positions.size() > 1) {
                String spellings = positions.stream().map(p -> header.get(p - 1)).distinct().map(Echo::of)
                        .collect(java.util.stream.Collectors.joining("/"));
                repeated.add(spellings + " (columns " + positions.stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(", ")) + ")");
            }
        });
        return new BadInputException("data.input " + file + ": line 1: duplicate column names " + String.join(", ", repeated)
                + "; give every column a distinct name (names that differ only in case count as the same)");
    }

    /** Delimiters a header is checked for when it splits into one field. */
    private static final char[] LIKELY_DELIMITERS = {',', ';', '\t', '|'};

    /** The header of every file (trimmed names), checked to be the same in all. */
    static List<String> read(InputFiles files, CsvOptions csv, Configuration hadoop) {
        List<String> first = null;
        for (String f : files.files()) {
            String line = InputFiles.firstLine(f, hadoop);
            List<String> h = CsvLine.split(line, csv);
            if (h == null) {
                throw new BadInputException("data.input " + f + ": line 1: header has unbalanced quotes");
            }
            if (h.size() == 1) {
                for (char d : LIKELY_DELIMITERS) {
                    if (d != csv.delimiter() && h.get(0).indexOf(d) >= 0) {
                        String spelled = CsvOptions.spell(d);
                        throw new BadInputException("data.input " + f + ": line 1: the header looks '" + spelled
                                + "'-separated (1 field: " + Echo.of(h.get(0)) + "); set data.csv.delimiter = \""
                                + spelled + "\" (fulcrum score: --delimiter '" + spelled + "')");
                    }
                }
            }
            h = h.stream().map(String::trim).toList();
            if (first == null) {
                first = h;
            } else if (!first.equals(h)) {
                throw new BadInputException("data.input " + f + ": line 1: header differs from " + files.files().get(0)
                        + "; expected " + String.join(",", first) + "; found " + String.join(",", h));
            }
        }
        return first;
    }
}
