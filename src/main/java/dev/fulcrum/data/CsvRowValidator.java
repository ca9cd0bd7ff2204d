package dev.fulcrum.data;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Turns one CSV line into a row of {@link Ingest.Plan#outputSchema()}: typed values and a null
 * error, or null values and the first problem found, worded for a person
 * ("column V3: expected a finite number; got 'abc'"). The rules are {@link Ingest}'s.
 */
final class CsvRowValidator implements Serializable {
    private final int width;
    private final int[] idIdx;
    private final int[] featureIdx;
    private final int labelIdx;
    private final int bayesIdx;
    private final String[] featureNames;
    private final String label;
    private final CsvOptions csv;
    private final boolean labelRequired;
    private final boolean[] categorical;
    private final boolean[] mayBeMissing;

    /** @param labelRequired false for scoring: a label that is not 0/1 becomes null instead of making the row bad */
    CsvRowValidator(Ingest.Plan plan, CsvOptions csv, boolean labelRequired) {
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < plan.header().size(); i++) {
            at.put(plan.header().get(i), i);
        }
        width = plan.header().size();
        idIdx = plan.ids().stream().mapToInt(at::get).toArray();
        featureIdx = plan.features().stream().mapToInt(at::get).toArray();
        featureNames = plan.features().toArray(new String[0]);
        labelIdx = plan.label() == null ? -1 : at.get(plan.label());
        bayesIdx = plan.hasBayes() ? at.get(Columns.BAYES_SCORE) : -1;
        label = plan.label();
        this.csv = csv;
        this.labelRequired = labelRequired;
        categorical = new boolean[featureNames.length];
        mayBeMissing = new boolean[featureNames.length];
        for (int f = 0; f < featureNames.length; f++) {
            categorical[f] = plan.categorical().contains(featureNames[f]);
            mayBeMissing[f] = categorical[f] ? !plan.rules().required().contains(featureNames[f])
                    : plan.rules().numericMayBeMissing(featureNames[f]);
        }
    }

    Row parse(String line, String file, long offset) {
        int outWidth = idIdx.length + featureIdx.length + 1 + (bayesIdx >= 0 ? 1 : 0) + 4;
        Object[] out = new Object[outWidth];
        int errorAt = outWidth - 4;
        out[errorAt + 1] = file;
        out[errorAt + 2] = offset;
        List<String> fields = CsvLine.split(line, csv);
        String error = null;
        if (fields == null) {
            error = "unbalanced quotes in the line";
        } else if (fields.size() != width) {
            error = "the header has " + width + " fields, this line has " + fields.size();
        } else {
            int k = 0;
            for (int i : idIdx) {
                out[k++] = fields.get(i);
            }
            for (int f = 0; f < featureIdx.length && error == null; f++) {
                String s = fields.get(featureIdx[f]).trim();
                if (csv.missing(s) && mayBeMissing[f]) {
                    out[k++] = categorical[f] ? ColumnRules.MISSING_LEVEL : null;
                } else if (categorical[f]) {
                    error = csv.missing(s) ? "column " + featureNames[f] + ": missing value (a column of data.required)" : null;
                    out[k++] = s;
                } else {
                    Double v = finite(s);
                    error = numberProblem(featureNames[f], s, v);
                    out[k++] = error == null ? v : null;
                }
            }
            if (error == null && labelIdx < 0) {
                out[k++] = null; // unlabelled input (scoring): the label slot stays empty
            } else if (error == null) {
                String s = fields.get(labelIdx).trim();
                Double v = finite(s);
                boolean usable = v != null && (v == 0.0 || v == 1.0);
                if (!usable && labelRequired) {
                    error = csv.missing(s) ? "column " + label + ": missing value"
                            : "column " + label + ": expected label 0 or 1; got " + Echo.of(s);
                }
                out[k++] = usable ? v : null;
            }
            if (error == null && bayesIdx >= 0) {
                out[k] = finite(fields.get(bayesIdx).trim());
            }
        }
        if (error != null) {
            Object[] bad = new Object[outWidth];
            bad[errorAt] = error;
            bad[errorAt + 1] = file;
            bad[errorAt + 2] = offset;
            bad[errorAt + 3] = line;
            return RowFactory.create(bad);
        }
        return RowFactory.create(out);
    }

    /** Why {@code s} (parsed: {@code v}, null unless finite) is not a usable feature value, or null when it is. */
    private String numberProblem(String column, String s, Double v) {
        if (csv.missing(s)) {
            return "column " + column + ": missing value";
        }
        if (v == null) {
            return "column " + column + ": expected a finite number; got " + Echo.of(s);
        }
        if (Math.abs(v) > Ingest.MAX_MAGNITUDE) {
            return Ingest.tooLarge(column, s);
        }
        return null;
    }

    static Double finite(String s) {
        if (s.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
