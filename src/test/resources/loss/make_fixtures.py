#!/usr/bin/python3
"""Independent reference values for dev.fulcrum.loss (run: /usr/bin/python3 make_fixtures.py).

Writes, next to this script:
  fixtures.csv        one row per (logit, label): per-example focal / BCE losses and their
                      derivatives w.r.t. the logit, and the derivative of each batch-level set
                      loss (Dice, Tversky, focal Tversky, over all rows) w.r.t. that row's logit;
  fixtures_batch.csv  the batch-level set-loss values.
Formulas: focal is torchvision.ops.sigmoid_focal_loss (ce * (1-p_t)**gamma * alpha_t, with
ce = binary_cross_entropy_with_logits); the set losses follow DESIGN.md §4. Derivatives are
computed by the complex-step method (f'(x) = Im f(x + ih) / h), independent of the Java
closed forms and exact to rounding.
"""
import os
import numpy as np

N = 300
H = 1e-30
rng = np.random.default_rng(20261124)
logits = rng.uniform(-6.0, 6.0, N)
labels = (rng.uniform(0.0, 1.0, N) < 0.3).astype(float)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def bce_with_logits(x, y):
    # log(1 + exp(-x)) for y=1, log(1 + exp(x)) for y=0 (complex-safe form for |x| <= 6)
    return -(y * np.log(sigmoid(x)) + (1.0 - y) * np.log(1.0 - sigmoid(x)))


def sigmoid_focal_loss(x, y, alpha, gamma):
    """torchvision.ops.sigmoid_focal_loss, reduction='none'."""
    p = sigmoid(x)
    ce = bce_with_logits(x, y)
    p_t = p * y + (1.0 - p) * (1.0 - y)
    loss = ce * ((1.0 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * y + (1.0 - alpha) * (1.0 - y)
        loss = alpha_t * loss
    return loss


def elementwise_grad(f):
    return np.imag(f(logits + 1j * H, labels)) / H


def counts(x, y):
    p = sigmoid(x)
    return np.sum(p * y), np.sum(p), np.sum(y)


def dice(x, y, s=1.0):
    tp, sp, sy = counts(x, y)
    return 1.0 - (2.0 * tp + s) / (sp + sy + s)


def tversky_index(x, y, a, b, s):
    tp, sp, sy = counts(x, y)
    fn = sy - tp
    fp = sp - tp
    return (tp + s) / (tp + a * fn + b * fp + s)


def tversky(x, y, a=0.7, b=0.3, s=1.0):
    return 1.0 - tversky_index(x, y, a, b, s)


def focal_tversky(x, y, a=0.7, b=0.3, g=0.75, s=1.0):
    return (1.0 - tversky_index(x, y, a, b, s)) ** g


def batch_grad(f):
    g = np.empty(N)
    for i in range(N):
        x = logits.astype(complex)
        x[i] += 1j * H
        g[i] = np.imag(f(x, labels)) / H
    return g


def focal_a(x, y):
    return sigmoid_focal_loss(x, y, 0.25, 2.0)


def focal_b(x, y):
    return sigmoid_focal_loss(x, y, 0.75, 0.5)


cols = {
    "logit": logits,
    "label": labels,
    "focal_a025_g2": focal_a(logits, labels),
    "focal_a025_g2_grad": elementwise_grad(focal_a),
    "focal_a075_g05": focal_b(logits, labels),
    "focal_a075_g05_grad": elementwise_grad(focal_b),
    "bce": bce_with_logits(logits, labels),
    "bce_grad": elementwise_grad(bce_with_logits),
    "dice_s1_grad": batch_grad(dice),
    "tversky_a07_b03_s1_grad": batch_grad(tversky),
    "focal_tversky_a07_b03_g075_s1_grad": batch_grad(focal_tversky),
}
here = os.path.dirname(os.path.abspath(__file__))
names = list(cols)
with open(os.path.join(here, "fixtures.csv"), "w") as out:
    out.write(",".join(names) + "\n")
    for i in range(N):
        out.write(",".join(repr(float(cols[n][i])) for n in names) + "\n")
with open(os.path.join(here, "fixtures_batch.csv"), "w") as out:
    out.write("name,value\n")
    out.write("dice_s1,%r\n" % float(dice(logits, labels)))
    out.write("tversky_a07_b03_s1,%r\n" % float(tversky(logits, labels)))
    out.write("focal_tversky_a07_b03_g075_s1,%r\n" % float(focal_tversky(logits, labels)))
