package dev.fulcrum.tune;

import static dev.fulcrum.report.Html.esc;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * tune.html: a self-contained page with the search's schedule, the published winner and every
 * trial — the furthest rung first, then by validation AP — with the {@code --set} line that
 * reproduces it.
 */
public final class TuneHtml {
    private TuneHtml() {
    }

    public static String render(TuneReport r) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fulcrum tuning ")
                .append(esc(r.id())).append("</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;font-size:13px}")
                .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}td.l,th.l{text-align:left}")
                .append("tr.win{background:#e8f4e8}code{background:#f4f4f4;padding:1px 3px;font-size:12px}")
                .append("</style></head><body>\n<h1>Hyperparameter search</h1>\n");
        TuneReport.Budget b = r.budget();
        h.append("<p>Run <code>").append(esc(r.id())).append("</code> of job <code>").append(esc(r.job()))
                .append("</code>: ").append(r.trials().size()).append(" trials in brackets of ").append(b.bracketTrials())
                .append(", each a successive halving over rungs ")
                .append(esc(b.rungs())).append(" epochs (keeping the best 1/").append(b.reduction())
                .append(" each rung), early-stopping patience ").append(b.patience()).append(", budget ")
                .append(fmt(b.minutes())).append(" min, ").append(b.parallelism())
                .append(" trials at a time; ended by ").append(esc(r.stoppedBy())).append(". Validation: ")
                .append(r.data().validationRows()).append(" rows, ").append(r.data().validationPositives())
                .append(" positives. Every AP here is on the validation split. Trials: ").append(esc(r.trainer()))
                .append(".</p>\n");
        if (r.sample() != null) {
            TuneReport.Sample s = r.sample();
            h.append("<p><strong>Searched on a sample</strong> of ").append(String.format(Locale.ROOT, "%.4g", s.rate()))
                    .append(" of the training and validation rows (seeded, stratified: every class at that rate) because ")
                    .append(esc(s.reason())).append(": training ").append(s.train().rows()).append(" &rarr; ")
                    .append(s.train().sampledRows()).append(" rows (").append(s.train().positives()).append(" &rarr; ")
                    .append(s.train().sampledPositives()).append(" positives), validation ")
                    .append(s.validation().rows()).append(" &rarr; ").append(s.validation().sampledRows())
                    .append(" rows (").append(s.validation().positives()).append(" &rarr; ")
                    .append(s.validation().sampledPositives()).append(" positives); ")
                    .append(String.format(Locale.ROOT, "%.1f", s.sampledMiB())).append(" MiB broadcast of ")
                    .append(s.maxDataMiB()).append(" allowed. The test split is untouched and the winner was retrained "
                            + "on every row.</p>\n");
        }
        if (r.published() != null) {
            TuneReport.Published p = r.published();
            h.append("<p><strong>Winner: trial ").append(r.winner()).append("</strong>, retrained and published as <code>")
                    .append(esc(p.runDir())).append("</code>: validation PR-AUC ").append(fmt(p.validationPrAuc()))
                    .append(", test PR-AUC ").append(fmt(p.testPrAuc())).append(", test ROC-AUC ")
                    .append(fmt(p.testRocAuc()));
            if (p.testPrAucOverBayes() != null) {
                h.append(", ").append(fmt(p.testPrAucOverBayes())).append(" of the Bayes-optimal test PR-AUC");
            }
            if (p.networks() > 1 && p.memberTrials().stream().distinct().count() > 1) {
                h.append("; ").append(p.networks()).append(" networks, probabilities averaged (tune.retrainMembers, "
                        + "tune.retrainFrom = finalists), of the keys of trials ").append(esc(p.memberTrials().toString()));
            } else if (p.networks() > 1) {
                h.append("; ").append(p.networks()).append(" networks of its keys, probabilities averaged "
                        + "(tune.retrainMembers)");
            }
            h.append(".</p>\n");
        }
        h.append("<table><tr><th>#</th><th>trial</th><th>bracket</th><th>rung</th><th>epochs</th><th>best val AP</th>")
                .append("<th>best epoch</th><th>stopped early</th><th>seconds</th><th class=\"l\">configuration</th>")
                .append("<th class=\"l\">reproduce with fulcrum train</th></tr>\n");
        List<TuneReport.TrialRecord> sorted = r.trials().stream()
                .sorted(Comparator.comparingInt(TuneReport.TrialRecord::rung).reversed()
                        .thenComparing(t -> Double.isNaN(t.best()) ? Double.POSITIVE_INFINITY : -t.best()))
                .toList();
        for (int i = 0; i < sorted.size(); i++) {
            TuneReport.TrialRecord t = sorted.get(i);
            h.append("<tr").append(t.id() == r.winner() ? " class=\"win\"" : "").append("><td>").append(i + 1)
                    .append("</td><td>").append(t.id()).append("</td><td>").append(t.bracket()).append("</td><td>")
                    .append(t.rung()).append(t.finalist() ? " (finalist)" : "").append("</td><td>")
                    .append(t.epochs()).append("</td><td>").append(fmt(t.best())).append("</td><td>")
                    .append(t.bestEpoch()).append("</td><td>").append(t.stoppedEarly() ? "yes" : "no")
                    .append("</td><td>").append(fmt(t.seconds())).append("</td><td class=\"l\">").append(esc(t.config()))
                    .append("</td><td class=\"l\"><code>").append(esc(t.overrides())).append("</code></td></tr>\n");
        }
        h.append("</table>\n<p>All values are in tune.json.</p>\n</body></html>\n");
        return h.toString();
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "—";
    }
}
