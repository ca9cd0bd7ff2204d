package dev.fulcrum.results;

import dev.fulcrum.eval.ConfusionMatrix;
import dev.fulcrum.eval.ScoreSummary;

/** The confusion matrix at one threshold (score >= threshold is positive) and the metrics from it. */
public record AtThreshold(double threshold, long tp, long fp, long tn, long fn, double precision, double recall,
                          double f1, double f2, double mcc, double balancedAccuracy, double gmean,
                          double specificity, double accuracy) {

    public static AtThreshold of(ScoreSummary s, double threshold) {
        ConfusionMatrix cm = s.at(threshold);
        return new AtThreshold(threshold, cm.tp(), cm.fp(), cm.tn(), cm.fn(), cm.precision(), cm.recall(), cm.f1(),
                cm.fbeta(2), cm.mcc(), cm.balancedAccuracy(), cm.gmean(), cm.specificity(), cm.accuracy());
    }
}
