#!/usr/bin/python3
"""Makes the imbalanced-learn cross-check fixture for dev.fulcrum.sampling.ImblearnCrossCheckTest.

Run from this directory with /usr/bin/python3 (numpy, scikit-learn, imbalanced-learn 0.10):
    /usr/bin/python3 imblearn_crosscheck.py
Writes fixture.csv (id,f0..f3,label: 1000 majority + 100 minority gaussian rows, 6 decimals, no
duplicates) and imblearn_expected.json with what imbalanced-learn computes on it:
  - smote_knn: for each minority id, the ids of its k=5 nearest minority neighbours (SMOTE.nn_k_)
  - smote_counts / undersample_counts / borderline_counts: class counts after fit_resample
  - smote_synthetic_mean/std: per-feature mean and std (ddof=0) of SMOTE's synthetic rows,
    averaged over 20 random_states, plus the spread (std over those runs) of the means
  - tomek_removed: ids removed by TomekLinks (majority members of links)
The Java test compares Fulcrum's samplers with these numbers.
"""
import json

import numpy as np
from imblearn.over_sampling import SMOTE, BorderlineSMOTE
from imblearn.under_sampling import RandomUnderSampler, TomekLinks

rng = np.random.default_rng(20260124)
N_MAJ, N_MIN, D, K, RATIO = 1000, 100, 4, 5, 1.0
X = np.vstack([rng.normal(0.0, 1.0, size=(N_MAJ, D)), rng.normal(1.5, 0.7, size=(N_MIN, D))]).round(6)
y = np.array([0] * N_MAJ + [1] * N_MIN)
assert len(np.unique(X, axis=0)) == len(X), "fixture must have no duplicate rows"

with open("fixture.csv", "w") as f:
    f.write("id," + ",".join(f"f{j}" for j in range(D)) + ",label\n")
    for i, (row, lab) in enumerate(zip(X, y)):
        f.write(f"{i}," + ",".join(f"{v:.6f}" for v in row) + f",{float(lab)}\n")

minority_ids = np.flatnonzero(y == 1)
sm = SMOTE(sampling_strategy=RATIO, k_neighbors=K, random_state=0)
Xr, yr = sm.fit_resample(X, y)
nn = sm.nn_k_.kneighbors(X[minority_ids], return_distance=False)[:, 1:]
knn = {int(minority_ids[i]): sorted(int(minority_ids[j]) for j in nn[i]) for i in range(len(minority_ids))}

means, stds = [], []
for rs in range(20):
    Xs, _ = SMOTE(sampling_strategy=RATIO, k_neighbors=K, random_state=rs).fit_resample(X, y)
    synth = Xs[len(X):]
    means.append(synth.mean(axis=0))
    stds.append(synth.std(axis=0))
means, stds = np.array(means), np.array(stds)


def counts(labels):
    return {str(float(c)): int((labels == c).sum()) for c in np.unique(labels)}


_, yu = RandomUnderSampler(sampling_strategy=0.5, random_state=0).fit_resample(X, y)
_, yb = BorderlineSMOTE(sampling_strategy=0.5, k_neighbors=K, m_neighbors=10, random_state=0).fit_resample(X, y)
tl = TomekLinks()
tl.fit_resample(X, y)
removed = sorted(set(range(len(X))) - set(int(i) for i in tl.sample_indices_))

expected = {
    "k": K,
    "ratio": RATIO,
    "smote_knn": {str(k): v for k, v in knn.items()},
    "smote_counts": counts(yr),
    "smote_synthetic_mean": means.mean(axis=0).tolist(),
    "smote_synthetic_mean_spread": means.std(axis=0).tolist(),
    "smote_synthetic_std": stds.mean(axis=0).tolist(),
    "smote_synthetic_std_spread": stds.std(axis=0).tolist(),
    "undersample_ratio": 0.5,
    "undersample_counts": counts(yu),
    "borderline_ratio": 0.5,
    "borderline_counts": counts(yb),
    "tomek_removed": removed,
    "versions": {"imblearn": __import__("imblearn").__version__, "sklearn": __import__("sklearn").__version__,
                 "numpy": np.__version__},
}
with open("imblearn_expected.json", "w") as f:
    json.dump(expected, f, indent=1)
print("minority", N_MIN, "synthetic", len(Xr) - len(X), "tomek removed", len(removed))
