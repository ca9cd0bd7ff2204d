#!/usr/bin/env python3
"""Writes bench/results/SUMMARY.md: the headline figure(s) of every result file present, as ratios
where a ratio is meaningful. Run by scripts/bench.sh after each benchmark; safe to run by hand:
    python3 scripts/bench/lib/summary.py [results-dir]
A result file that is missing is listed as "not run"; one this script cannot read is named with the
error instead of being skipped silently."""
import json
import os
import sys

RESULTS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                                             "bench", "results")


def load(name):
    path = os.path.join(RESULTS, name)
    return json.load(open(path)) if os.path.exists(path) else None


def load_of(r):
    m = r.get("machine", {})
    v = m.get("loadAverage1mAtStart", r.get("loadAverage1m"))
    return f" (load {v:.1f} at start)" if isinstance(v, (int, float)) else ""


def e2e(r):
    st = {k: v for k, v in r["stageSeconds"].items() if v > 0}
    stages = ", ".join(f"{k} {v:.0f} s" for k, v in st.items())
    rss = f"; peak RSS {r['peakRssMiB']:.0f} MiB" if r.get("peakRssMiB") else ""
    return [f"{r['rows']:,} rows, `{r['job']}`: {r['processWallSeconds']:.0f} s wall ({stages}){rss}; "
            f"test PR-AUC {r['testPrAuc']:.3f} = {r['testPrAuc'] / r['bayesOptimalPrAuc']:.2f} of Bayes-optimal"
            + load_of(r)]


def scaling(r):
    out = []
    for s in r["sizes"]:
        st = ", ".join(f"{k} {v['rowsPerSecond']:,.0f} rows/s" for k, v in s["stages"].items() if "rowsPerSecond" in v)
        out.append(f"{s['rows']:,} rows: job {s['jobSeconds']:.0f} s, peak RSS {s['peakRssMiB']:.0f} MiB; {st}")
    for g in r["growth"]:
        st = ", ".join(f"{k} {v:.2f}" for k, v in g["stageTimeRatioOverRowsRatio"].items())
        out.append(f"{g['fromRows']:,} → {g['toRows']:,} rows (×{g['rowsRatio']:.0f}): job time ratio / rows ratio "
                   f"= **{g['jobTimeRatioOverRowsRatio']:.2f}** (1 = linear); per stage: {st}")
    return out + [load_of(r).strip() or ""]


def train(r):
    ra = r["ratios"]
    f = r.get("flops", {})
    extra = ""
    if f:
        extra = (f"; {f.get('sparkFractionOfPeak', 0) * 100:.2f} % (parameter averaging) and "
                 f"{f.get('localFractionOfPeak', 0) * 100:.2f} % (local) of the assumed FLOP peak")
    line = (f"parameter averaging (fulcrum engine) {r['spark']['examplesPerSecondByEpoch'][-1]:,.0f} vs single-machine "
            f"{r['local']['examplesPerSecondByEpoch'][-1]:,.0f} examples/s → **×{ra['sparkOverLocalThroughputLastEpoch']:.2f}**"
            " of single-machine")
    if "dl4j" in r:
        line += (f"; DL4J's ParameterAveragingTrainingMaster {r['dl4j']['examplesPerSecondByEpoch'][-1]:,.0f} "
                 f"(×{ra['dl4jOverLocalThroughputLastEpoch']:.2f}); fulcrum / dl4j **×{ra['fulcrumOverDl4jThroughputLastEpoch']:.1f}**")
    out = [line + extra + load_of(r)]
    if "curveOverLocalLastEpoch" in ra:
        out.append("fulcrum engine / single-machine by batch and averaging frequency: " + ", ".join(
            f"{k} {v:.2f}" for k, v in ra["curveOverLocalLastEpoch"].items()))
    return out


def train_quality(r):
    bm = r["byMode"]
    return [f"seeds {r['seeds']}, {r['epochs']} epochs: mean test PR-AUC local {bm['local']['mean']:.3f}, "
            f"fulcrum engine {bm['spark-fulcrum']['mean']:.3f} (**×{r['ratios']['fulcrumOverLocalMeanTestPrAuc']:.3f}**), "
            f"dl4j engine {bm['spark-dl4j']['mean']:.3f} (×{r['ratios']['dl4jOverLocalMeanTestPrAuc']:.3f})" + load_of(r)]


def scaleout(r):
    # older files: one frequency at the top level
    by = r.get("byFrequency") or {"5": {"byWorkers": r["byWorkers"],
                                        "speedupTwoOverOneWorkerLastEpoch": r["speedupTwoOverOneWorkerLastEpoch"]}}
    lines = []
    for f, x in by.items():
        b = x["byWorkers"]
        lines.append(f"{r['engine']} engine on a standalone cluster, averaging frequency {f}: 1 worker "
                     f"{b['1']['examplesPerSecondByEpoch'][-1]:,.0f}, 2 workers "
                     f"{b['2']['examplesPerSecondByEpoch'][-1]:,.0f} examples/s → speed-up "
                     f"**×{x['speedupTwoOverOneWorkerLastEpoch']:.2f}**" + load_of(r))
    return lines


def by_table(r):
    return [f"{t}: " + ", ".join(f"{k} {v:.3f}" for k, v in c.items()) for t, c in r["testPrAucByTable"].items()]


def tune(r):
    out = []
    for x in r["runs"]:
        b = ", ".join(f"{k} {v:.3f}" for k, v in x["baselineTestPrAuc"].items())
        out.append(f"{x['table']}: tuned **{x['tunedTestPrAuc']:.3f}** vs {b} → "
                   f"{'win' if x['tunedAtLeastBestBaseline'] else 'loss'} (×{x['tunedOverBestBaseline']:.2f} of "
                   f"{x['bestBaseline']}; {x['tuneWallSeconds']:.0f} s)")
    return out


def eval_(r):
    return [f"{r['rows']:,} scores: Fulcrum exact metrics {r['fulcrumSeconds']['warm']:.1f} s vs MLlib "
            f"BinaryClassificationMetrics {r['mllibSeconds']['warm']:.1f} s (warm) → time ratio "
            f"**{r['fulcrumOverMllibTimeRatioWarm']:.2f}**; ROC-AUC difference {r['rocAucAbsDifference']:.1e}"
            + load_of(r)]


def memory(r):
    ex = ", ".join(f"{x:.0f}" for x in r["executorPeakRssMiB"])
    exr = ", ".join(f"{x:.2f}" for x in r["executorPeakRssOverHeap"])
    return [f"standalone cluster, {r['rows']:,} rows: driver peak RSS {r['driverPeakRssMiB']:.0f} MiB "
            f"(heap {r['driverHeapMiB']:.0f} MiB, RSS/heap {r['driverPeakRssOverHeap']:.2f}); executors {ex} MiB "
            f"(heap {r['executorHeapMiB']:.0f} MiB each, RSS/heap {exr})" + load_of(r)]


def losses(r):
    rows = [x for x in r["results"] if x["loss"] != "xent"]
    return ["CPU time per call / LossBinaryXENT: " + ", ".join(
        f"{x['loss']} {x['shape']} {x['ratioToLossBinaryXENT']:.2f}" for x in rows) + load_of(r)]


def sampling(r):
    return [f"{r['rows']:,} rows × {r['features']} features, {r['minority_rows']:,} minority: exact SMOTE "
            f"{r['exact_smote_wall_s']:.1f} s warm (target {r.get('target_exact_smote_wall_s', 60)} s); "
            f"approx k-NN recall@5 {r['approx_recall_at_5']}"]


def scoring(r):
    keys = [k for k in r if "rowsPerSecond" in k or "RowsPerSecond" in k]
    return [", ".join(f"{k} {r[k]:,.0f}" for k in keys if isinstance(r[k], (int, float))) + load_of(r)]


def compare(r):
    p = r["protocol"]
    tr = p["training"]
    out = [f"{r['data']['rows']:,} rows; seeds {p['seeds']}; {tr['mode']} training, {tr['epochs']} epochs, "
           f"batch {tr['batchSize']}", "",
           "| # | entry | PR-AUC | / Bayes | ROC-AUC | frauds caught @ tuned | false alarms |",
           "|---|---|---|---|---|---|---|"]

    def ms(d, digits=3):
        return f"{d['mean']:.{digits}f} ± {d['std']:.{digits}f}" if d and d.get("n") else "—"
    for e in r["leaderboard"][:8]:
        pos = e["runs"][0].get("testPositives", "?") if e["runs"] else "?"
        out.append(f"| {e['rank']} | {e['name']} | {ms(e['prAuc'])} | {ms(e.get('prAucFractionOfBayes'), 2)} | "
                   f"{ms(e['rocAuc'])} | {ms(e.get('caughtAtTunedThreshold'), 1)} / {pos} | "
                   f"{ms(e.get('falseAlarmsAtTunedThreshold'), 1)} |")
    return out


SECTIONS = [("e2e.json", "e2e — the default job end to end", e2e),
            ("scaling.json", "scaling — the default job at growing sizes", scaling),
            ("train.json", "train — parameter averaging vs single machine", train),
            ("train-quality.json", "train-quality — distributed vs single-machine test PR-AUC", train_quality),
            ("scaleout.json", "scaleout — 1 vs 2 workers on a standalone cluster", scaleout),
            ("eval.json", "eval — exact distributed metrics vs MLlib", eval_),
            ("memory.json", "memory — peak RSS of driver and executors", memory),
            ("losses.json", "losses — cost per call vs DL4J's LossBinaryXENT", losses),
            ("sampling.json", "sampling — SMOTE", sampling),
            ("scoring.json", "scoring — fulcrum score throughput", scoring),
            ("ensemble.json", "ensemble — EasyEnsemble vs one network, test PR-AUC", by_table),
            ("encoding.json", "encoding — piecewise-linear bins (scaling.bins) vs plain scaling, test PR-AUC", by_table),
            ("categorical.json", "categorical — data.encoding target vs onehot on the raw .csv tables, test PR-AUC", by_table),
            ("tune.json", "tune — fulcrum tune vs the best of LR, GBT, XGBoost on the same split, test PR-AUC", tune),
            ("tune-raw.json", "tune on the raw .csv tables (strings, empty cells) vs LR, GBT, XGBoost, test PR-AUC", tune),
            ("compare.json", "compare — the loss × sampling leaderboard (top 8)", compare)]


def main():
    lines = ["# Benchmark summary", "",
             "Generated by `scripts/bench/lib/summary.py` from the JSON files in this directory (how each was "
             "run and how to read it: `bench/README.md`).", ""]
    for name, title, fn in SECTIONS:
        lines.append(f"## {title} (`{name}`)")
        r = load(name)
        if r is None:
            lines.append("not run")
        else:
            try:
                lines.extend(x for x in fn(r) if x is not None)
            except (KeyError, TypeError, ValueError, IndexError, ZeroDivisionError) as e:
                lines.append(f"could not summarise {name}: {type(e).__name__}: {e}")
        lines.append("")
    with open(os.path.join(RESULTS, "SUMMARY.md"), "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
