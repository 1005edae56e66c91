#!/usr/bin/env python3
"""Writes test/fixtures/metrics/{multiclass,binary,regression}.json: references for losskit's metrics.

scikit-learn 1.2 gives accuracy, balanced accuracy, precision/recall/F1, the confusion matrix, AUROC, average
precision, the binary Brier score and R². What it lacks (top-k with strict ranks, perplexity, cross-entropy with
weights and label smoothing as PyTorch, calibration error and its bins, multiclass Brier, binary accuracy on
logits) is written here in float64 numpy from the definitions. Every reference is computed in float64 from the
case's input (rounded to float32 for float32 cases). Each case lists checks: a function, its extra options and
the expected value. Non-finite numbers are the strings "NaN", "Infinity", "-Infinity".
Run with Debian's python3-sklearn: /usr/bin/python3 tools/gen-metric-fixtures.py
"""
import json
import math
import os
import warnings

import numpy as np
import sklearn
from sklearn import metrics as skm
from fixture_format import num, nums, rounded

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'metrics')
rng = np.random.default_rng(20261130)
# balanced accuracy warns when a class is predicted but absent from the target: it leaves such classes out, as intended
warnings.filterwarnings('ignore', message='y_pred contains classes not in y_true')
IGNORE = -100
TARGET_TYPES = ['int32', 'bigint64', 'array', 'int16', 'uint8']


libm_exp = np.vectorize(math.exp, otypes=[np.float64])


def softmax(x):
    """exp(x - max) / Σ exp(x - max), summed left to right: mathematically tied probabilities (rows that are
    shifts or permutations of each other) stay tied as losskit computes them, so rankings agree. libm's exp
    (math.exp), as JavaScript's: numpy's vectorised exp differs from it in the last bit for some arguments."""
    e = libm_exp(x - x.max(axis=1, keepdims=True))
    return e / np.cumsum(e, axis=1)[:, -1:]


def log_softmax(x):
    m = x.max(axis=1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=1, keepdims=True))


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def mean(a):
    return float(np.mean(a)) if len(a) else math.nan


# ---- calibration (both tasks): conf per row, hit per row (correct, or the binary target) ----

def calibration(conf, hit, bins, norm):
    if len(conf) == 0:
        return math.nan
    b = np.minimum(np.floor(conf * bins).astype(int), bins - 1)
    total = 0.0
    for k in range(bins):
        sel = b == k
        n = sel.sum()
        if n == 0:
            continue
        gap = abs(hit[sel].mean() - conf[sel].mean())
        if norm == 'max':
            total = max(total, gap)
        else:
            total += n / len(conf) * (gap if norm == 'l1' else gap * gap)
    return math.sqrt(total) if norm == 'l2' else total


def reliability(conf, hit, bins):
    b = np.minimum(np.floor(conf * bins).astype(int), bins - 1)
    table = []
    for k in range(bins):
        sel = b == k
        n = int(sel.sum())
        table.append({'lower': k / bins, 'upper': (k + 1) / bins, 'count': n,
                      'confidence': num(conf[sel].mean()) if n else 'NaN', 'accuracy': num(hit[sel].mean()) if n else 'NaN'})
    return table


# ---- ranking: sklearn per column, NaN where a column lacks a class ----

def auroc_binary(y, s):
    return skm.roc_auc_score(y, s) if 0 < y.sum() < len(y) else math.nan


def ap_binary(y, s):
    return skm.average_precision_score(y, s) if y.sum() > 0 else math.nan


def ovr(fn, t, P):
    vals = [fn((t == c).astype(int), P[:, c]) for c in range(P.shape[1])]
    vals = [v for v in vals if not math.isnan(v)]
    return float(np.mean(vals)) if vals else math.nan


def quantized(p, T):
    return np.minimum(np.floor(p * T), T - 1)


# ---- confusion-based, over all classes ----

def averaged_checks(t, pred, C, binary):
    checks = []
    labels = list(range(C))
    averages = (['binary'] if binary else []) + ['micro', 'macro', 'weighted', None]
    for name, fn in [('precision', skm.precision_score), ('recall', skm.recall_score), ('f1Score', skm.f1_score)]:
        for avg in averages:
            kw = {} if avg == 'binary' else {'labels': labels}
            v = fn(t, pred, average=avg, zero_division=0, **kw) if len(t) else (np.zeros(C) if avg is None else 0.0)
            opts = {'average': avg or 'none'}
            checks.append({'fn': name, 'options': opts, 'expected': nums(v) if avg is None else num(v)})
    cm = skm.confusion_matrix(t, pred, labels=labels) if len(t) else np.zeros((C, C))
    checks.append({'fn': 'confusionMatrix', 'options': {}, 'expected': nums(cm)})
    return checks


def calibration_checks(conf, hit):
    checks = [{'fn': 'calibrationError', 'options': {}, 'expected': num(calibration(conf, hit, 15, 'l1'))}]
    for bins, norm in [(10, 'l1'), (10, 'l2'), (7, 'max'), (1, 'l1')]:
        checks.append({'fn': 'calibrationError', 'options': {'bins': bins, 'norm': norm}, 'expected': num(calibration(conf, hit, bins, norm))})
    checks.append({'fn': 'reliabilityDiagram', 'options': {'bins': 10}, 'expected': reliability(conf, hit, 10)})
    return checks


# ---- multiclass ----

def cross_entropy(x, t, weight, eps):
    """PyTorch's cross_entropy (mean) with index targets, class weights and label smoothing."""
    C = x.shape[1]
    w = np.ones(C) if weight is None else np.asarray(weight)
    logp = log_softmax(x)
    nll = -logp[np.arange(len(t)), t] * w[t]
    smooth = -(logp * w).sum(axis=1)
    denom = w[t].sum()
    return ((1 - eps) * nll.sum() + eps / C * smooth.sum()) / denom if len(t) else math.nan


def multiclass_checks(x, t, C, topks):
    """x: kept rows [n, C] (float64), t: their classes."""
    n = len(t)
    P = softmax(x) if n else np.zeros((0, C))
    pred = x.argmax(axis=1) if n else np.zeros(0, int)
    xt = x[np.arange(n), t]
    above = (x > xt[:, None]).sum(axis=1) if n else np.zeros(0)
    conf = P.max(axis=1) if n else np.zeros(0)
    hit = (pred == t).astype(float)
    ce = -log_softmax(x)[np.arange(n), t] if n else np.zeros(0)
    brier = ((P - np.eye(C)[t]) ** 2).sum(axis=1) if n else np.zeros(0)
    checks = [{'fn': 'accuracy', 'options': {}, 'expected': num(skm.accuracy_score(t, pred) if n else math.nan)}]
    for k in topks:
        checks.append({'fn': 'accuracy', 'options': {'topK': k}, 'expected': num(mean(above < k))})
    balanced = skm.balanced_accuracy_score(t, pred) if n else math.nan
    checks.append({'fn': 'accuracy', 'options': {'average': 'macro'}, 'expected': num(balanced)})
    checks.append({'fn': 'perplexity', 'options': {}, 'expected': num(math.exp(mean(ce)) if n else math.nan)})
    checks.append({'fn': 'brierScore', 'options': {}, 'expected': num(mean(brier))})
    checks += calibration_checks(conf, hit)
    checks.append({'fn': 'auroc', 'options': {}, 'expected': num(ovr(auroc_binary, t, P))})
    checks.append({'fn': 'averagePrecision', 'options': {}, 'expected': num(ovr(ap_binary, t, P))})
    checks.append({'fn': 'auroc', 'options': {'thresholds': 20}, 'expected': num(ovr(auroc_binary, t, quantized(P, 20)))})
    checks.append({'fn': 'averagePrecision', 'options': {'thresholds': 20}, 'expected': num(ovr(ap_binary, t, quantized(P, 20)))})
    checks += averaged_checks(t, pred, C, False)
    summary = {'count': n, 'loss': num(cross_entropy(x, t, None, 0)), 'perplexity': num(math.exp(mean(ce)) if n else math.nan),
               'accuracy': num(mean(hit)), 'calibrationError': num(calibration(conf, hit, 15, 'l1')), 'brierScore': num(mean(brier))}
    checks.append({'fn': 'classificationMetrics', 'options': {}, 'expected': summary})
    weight = rng.uniform(0.2, 2, C)
    opts = {'topK': topks[-1], 'bins': 10, 'norm': 'l2', 'weight': nums(weight), 'labelSmoothing': 0.1}
    summary = dict(summary, loss=num(cross_entropy(x, t, weight, 0.1)), topK=num(mean(above < topks[-1])),
                   calibrationError=num(calibration(conf, hit, 10, 'l2')))
    checks.append({'fn': 'classificationMetrics', 'options': opts, 'expected': summary})
    return checks


def rows_of(x, layout, dims):
    """The score rows [rows, C] of x laid out as `layout` with shape dims, in losskit's row order."""
    if layout == 'last':
        return x.reshape(-1, dims[-1])
    if len(dims) == 2:
        return x.reshape(dims)
    N, C = dims[0], dims[1]
    return np.moveaxis(x.reshape(N, C, -1), 1, 2).reshape(-1, C)


def multiclass_case(cid, dtype, dims, layout='1', ties=False, ignored=0.0, ttype='int32', ignore_index=IGNORE):
    size = int(np.prod(dims))
    raw = rng.integers(-2, 3, size) if ties else rng.normal(0, 2, size)
    x = rounded(raw, dtype)
    rows = rows_of(x, layout, dims)
    C = rows.shape[1]
    t = rng.integers(0, C, rows.shape[0])
    drop = rng.random(rows.shape[0]) < ignored
    t_out = np.where(drop, ignore_index, t)
    keep = ~drop
    options = {'shape': list(dims)}
    if layout == 'last':
        options['classDim'] = -1
    if ignore_index != IGNORE:
        options['ignoreIndex'] = ignore_index
    topks = sorted({1, 2, min(5, C)})
    return {'id': cid, 'dtype': dtype, 'input': nums(x), 'target': [int(v) for v in t_out], 'targetType': ttype,
            'options': options, 'classes': C, 'checks': multiclass_checks(rows[keep], t[keep], C, topks)}


def multiclass_cases():
    cases = []
    i = 0
    for C in [2, 3, 10, 100]:
        for N in [1, 7, 64, 500]:
            i += 1
            dtype = ['float32', 'float64'][i % 2]
            ttype = TARGET_TYPES[i % len(TARGET_TYPES)]
            ignore_index = 255 if ttype == 'uint8' else IGNORE
            cases.append(multiclass_case(f'M{i}-N{N}-C{C}', dtype, [N, C], ties=(i % 3 == 0), ignored=0.2 if i % 4 == 1 else 0,
                                         ttype=ttype, ignore_index=ignore_index))
    cases.append(multiclass_case('ties-C5', 'float64', [200, 5], ties=True, ignored=0.1))
    cases.append(multiclass_case('classDim1-N4-C5-d6', 'float32', [4, 5, 6], ignored=0.15))
    cases.append(multiclass_case('classDim1-N3-C4-d2x3', 'float64', [3, 4, 2, 3], ttype='bigint64'))
    cases.append(multiclass_case('last-B3-T5-V7', 'float32', [3, 5, 7], layout='last', ignored=0.2))
    cases.append(multiclass_case('last-B2-T40-V100', 'float64', [2, 40, 100], layout='last', ttype='bigint64'))
    cases.append(multiclass_case('all-ignored', 'float64', [6, 3], ignored=1.0))
    cases.append(multiclass_case('empty', 'float32', [0, 3]))
    return cases


# ---- binary ----

def bce_logits(x, y):
    return np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))


def bce_probs(p, y):
    with np.errstate(divide='ignore'):
        return -(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log(1 - p), -100))


def logit(p):
    with np.errstate(divide='ignore'):
        return np.log(p) - np.log1p(-p)


def binary_checks(x, y, probabilities):
    n = len(y)
    p = x if probabilities else sigmoid(x)
    cut = (lambda thr: thr) if probabilities else logit
    pred = (x >= cut(0.5)).astype(int)
    nll = bce_probs(x, y) if probabilities else bce_logits(x, y)
    checks = [{'fn': 'accuracy', 'options': {}, 'expected': num(skm.accuracy_score(y, pred) if n else math.nan)}]
    for thr in [0.3, 0.0, 1.0]:
        checks.append({'fn': 'accuracy', 'options': {'threshold': thr}, 'expected': num(mean(((x >= cut(thr)).astype(int) == y)))})
    checks.append({'fn': 'accuracy', 'options': {'average': 'macro'}, 'expected': num(skm.balanced_accuracy_score(y, pred) if n else math.nan)})
    checks.append({'fn': 'perplexity', 'options': {}, 'expected': num(math.exp(mean(nll)) if n else math.nan)})
    checks.append({'fn': 'brierScore', 'options': {}, 'expected': num(skm.brier_score_loss(y, p) if n else math.nan)})
    checks += calibration_checks(p, y.astype(float))
    checks.append({'fn': 'auroc', 'options': {}, 'expected': num(auroc_binary(y, x))})
    checks.append({'fn': 'averagePrecision', 'options': {}, 'expected': num(ap_binary(y, x))})
    checks.append({'fn': 'auroc', 'options': {'thresholds': 10}, 'expected': num(auroc_binary(y, quantized(p, 10)))})
    checks.append({'fn': 'averagePrecision', 'options': {'thresholds': 10}, 'expected': num(ap_binary(y, quantized(p, 10)))})
    checks += averaged_checks(y, pred, 2, True)
    summary = {'count': n, 'loss': num(mean(nll)), 'perplexity': num(math.exp(mean(nll)) if n else math.nan),
               'accuracy': num(mean(pred == y)), 'calibrationError': num(calibration(p, y.astype(float), 15, 'l1')),
               'brierScore': num(mean((p - y) ** 2))}
    checks.append({'fn': 'classificationMetrics', 'options': {}, 'expected': summary})
    return checks


def binary_case(cid, dtype, N, probabilities=False, ties=False, ignored=0.0, ttype='int32', shape=None, y=None):
    if probabilities:
        raw = rng.integers(0, 5, N) / 4 if ties else rng.random(N)
    else:
        raw = rng.integers(-2, 3, N) if ties else rng.normal(0, 2, N)
    x = rounded(raw, dtype)
    y = rng.integers(0, 2, N) if y is None else y
    drop = rng.random(N) < ignored
    options = {'probabilities': True} if probabilities else {}
    if shape:
        options['shape'] = shape
    target = [IGNORE if d else int(v) for v, d in zip(y, drop)]
    return {'id': cid, 'dtype': dtype, 'input': nums(x), 'target': target, 'targetType': ttype, 'options': options,
            'classes': 2, 'checks': binary_checks(x[~drop], y[~drop], probabilities)}


def binary_cases():
    cases = []
    ttypes = ['int32', 'float', 'bigint64', 'array', 'int8']
    for i, N in enumerate([1, 10, 100, 1000]):
        cases.append(binary_case(f'logits-N{N}', ['float32', 'float64'][i % 2], N, ignored=0.1 if i % 2 else 0, ttype=ttypes[i % 5]))
        cases.append(binary_case(f'probs-N{N}', ['float64', 'float32'][i % 2], N, probabilities=True, ttype=ttypes[(i + 1) % 5]))
    cases.append(binary_case('ties-logits', 'float64', 300, ties=True, ignored=0.1, ttype='int8'))
    cases.append(binary_case('ties-probs', 'float32', 300, probabilities=True, ties=True, ttype='float'))
    cases.append(binary_case('shape-N1', 'float32', 50, shape=[50, 1], ttype='bigint64'))
    cases.append(binary_case('all-negative', 'float64', 20, y=np.zeros(20, int)))
    cases.append(binary_case('empty', 'float64', 0))
    return cases


# ---- regression ----

def regression_cases():
    cases = []
    for cid, dtype, N, kind in [('random-N50', 'float64', 50, 'random'), ('random-N1000', 'float32', 1000, 'random'),
                                ('constant-exact', 'float64', 10, 'constant-exact'), ('constant-off', 'float64', 10, 'constant-off'),
                                ('integer-target', 'float32', 30, 'integer')]:
        y = rng.normal(0, 3, N)
        if kind.startswith('constant'):
            y = np.full(N, 2.0)
        if kind == 'integer':
            y = rng.integers(-5, 6, N).astype(float)
        pred = y if kind == 'constant-exact' else y + rng.normal(0, 1, N)
        pred, y = rounded(pred, dtype), rounded(y, dtype)
        cases.append({'id': cid, 'dtype': dtype, 'input': nums(pred), 'target': [int(v) for v in y] if kind == 'integer' else nums(y),
                      'targetType': 'array' if kind == 'integer' else 'float', 'options': {},
                      'checks': [{'fn': 'r2Score', 'options': {}, 'expected': num(skm.r2_score(y, pred))}]})
    return cases


def write(name, cases):
    os.makedirs(OUT, exist_ok=True)
    doc = {'generator': 'tools/gen-metric-fixtures.py', 'sklearn': sklearn.__version__, 'numpy': np.__version__, 'cases': cases}
    with open(os.path.join(OUT, f'{name}.json'), 'w') as f:
        json.dump(doc, f, separators=(',', ':'))


if __name__ == '__main__':
    write('multiclass', multiclass_cases())
    write('binary', binary_cases())
    write('regression', regression_cases())
