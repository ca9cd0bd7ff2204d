#!/usr/bin/python3
"""Generates the scikit-learn reference fixtures for dev.fulcrum.eval.SklearnExactnessTest.

Run from anywhere with Debian's python3 (numpy + scikit-learn 1.2):
    /usr/bin/python3 src/test/resources/eval/make_sklearn_fixtures.py
Writes <name>.csv (header score,label; scores as shortest round-trip repr of the float64) and
sklearn_expected.json next to this script. Deterministic (fixed seeds).

Conventions checked: predicted positive iff score >= threshold; zero_division=0;
recall@precision p = max recall over precision_recall_curve points with precision >= p (0 if none);
precision@recall r = max precision over points with recall >= r.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, average_precision_score, balanced_accuracy_score,
                             brier_score_loss, confusion_matrix, f1_score, fbeta_score,
                             matthews_corrcoef, precision_recall_curve, precision_score,
                             recall_score, roc_auc_score, roc_curve)

HERE = os.path.dirname(os.path.abspath(__file__))


def datasets():
    rng = np.random.default_rng(20261124)
    out = {}
    # Fraud-like: 0.3% positives, scores rounded to 2 decimals -> heavy ties.
    n = 6000
    y = (rng.random(n) < 0.003).astype(int)
    y[:3] = 1
    s = np.clip(rng.beta(2, 8, n) + 0.35 * y * rng.random(n), 0, 1).round(2)
    out["imbalanced_ties"] = (s, y)
    # Continuous float64 scores (almost all distinct), 1% positives.
    n = 4000
    y = (rng.random(n) < 0.01).astype(int)
    y[:2] = 1
    s = 1 / (1 + np.exp(-(rng.normal(-3, 1.5, n) + 2.0 * y)))
    out["continuous"] = (s, y)
    # Every score tied.
    y = np.zeros(300, dtype=int)
    y[rng.choice(300, 7, replace=False)] = 1
    out["all_tied"] = (np.full(300, 0.5), y)
    # A single positive, tied with negatives (scores on a 0.05 grid).
    n = 500
    y = np.zeros(n, dtype=int)
    s = (rng.random(n) * 20).round() / 20
    y[17] = 1
    s[17] = 0.65
    out["one_positive"] = (s, y)
    # Five score values, 40% positives.
    n = 400
    y = (rng.random(n) < 0.4).astype(int)
    s = np.clip(rng.integers(0, 4, n) + y * rng.integers(0, 2, n), 0, 4) / 4.0
    out["coarse_balanced"] = (s, y)
    # Scores at exactly 0 and 1, perfect-ish separation with a few errors.
    n = 200
    y = (rng.random(n) < 0.1).astype(int)
    y[:2] = 1
    s = np.where(y == 1, 1.0, 0.0)
    flip = rng.choice(n, 9, replace=False)
    s[flip] = rng.choice([0.0, 1.0, 0.5], 9)
    out["extremes"] = (s, y)
    return out


def at_threshold(y, s, t):
    pred = (s >= t).astype(int)
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    return {
        "threshold": float(t),
        "tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn),
        "precision": float(precision_score(y, pred, zero_division=0)),
        "recall": float(recall_score(y, pred, zero_division=0)),
        "f1": float(f1_score(y, pred, zero_division=0)),
        "f2": float(fbeta_score(y, pred, beta=2, zero_division=0)),
        "mcc": float(matthews_corrcoef(y, pred)),
        "balancedAccuracy": float(balanced_accuracy_score(y, pred)),
        "accuracy": float(accuracy_score(y, pred)),
    }


def main():
    expected = {"sklearn": sklearn.__version__, "numpy": np.__version__, "datasets": []}
    for name, (s, y) in datasets().items():
        s = s.astype(np.float64)
        with open(os.path.join(HERE, name + ".csv"), "w") as f:
            f.write("score,label\n")
            for si, yi in zip(s, y):
                f.write("%r,%d\n" % (float(si), int(yi)))
        prec, rec, _ = precision_recall_curve(y, s)
        fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
        quantiles = np.quantile(s, [0.5, 0.9, 0.99], method="lower")
        thresholds = sorted(set([0.0, 0.05, 0.1, 0.25, 0.5, 0.65, 0.75, 0.9, 1.0]
                                + [float(q) for q in quantiles] + [float(s.max())]))
        d = {
            "name": name,
            "positives": int(y.sum()), "negatives": int((1 - y).sum()),
            "distinctScores": int(len(np.unique(s))),
            "rocAuc": float(roc_auc_score(y, s)),
            "averagePrecision": float(average_precision_score(y, s)),
            "brier": float(brier_score_loss(y, s)),
            "recallAtPrecision90": float(max([r for p, r in zip(prec, rec) if p >= 0.9], default=0.0)),
            "precisionAtRecall90": float(max(p for p, r in zip(prec, rec) if r >= 0.9)),
            # Full curve only where the summary keeps every point (<= 1000 distinct scores).
            "rocCurve": [[float(a), float(b)] for a, b in zip(fpr, tpr)] if len(fpr) <= 1001 else None,
            "at": [at_threshold(y, s, t) for t in thresholds],
        }
        expected["datasets"].append(d)
        print("%-16s n=%5d pos=%3d distinct=%4d auc=%.12f ap=%.12f" % (
            name, len(y), d["positives"], d["distinctScores"], d["rocAuc"], d["averagePrecision"]))
    with open(os.path.join(HERE, "sklearn_expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
