#!/usr/bin/env python3
"""Writes test/fixtures/<function>.json: PyTorch 1.13 references for every losskit function.

Each case holds the inputs (float32-rounded for float32 cases), losskit-style options, and for every
reduction the loss and the gradient through autograd, all computed in float64. For 'none' the gradient is
that of the sum, and of Σ gradOutput·loss where a case has gradOutput. Non-finite numbers are written as the
strings "NaN", "Infinity", "-Infinity". Run with Debian's python3-torch: /usr/bin/python3 tools/gen-fixtures.py
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from fixture_format import num, nums, rounded

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures')
SIZES = [1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 33, 1000, 4099]
REDUCTIONS = ['mean', 'sum', 'none']
KL_REDUCTIONS = ['mean', 'sum', 'none', 'batchmean']
rng = np.random.default_rng(20261127)


def t64(a):
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.float64)


def run(fn, x, go=None, reductions=REDUCTIONS):
    """Loss for every reduction and the gradient with respect to x (a float64 numpy array with its shape)."""
    out = {}
    for red in reductions:
        xt = t64(x).requires_grad_(True)
        loss = fn(xt, red)
        if red == 'none':
            g = t64(go).reshape(loss.shape) if go is not None else torch.ones_like(loss)
            (loss * g).sum().backward()
        else:
            loss.backward()
        grad = xt.grad if xt.grad is not None else torch.zeros_like(xt)
        out[red] = {'loss': nums(loss.detach()) if red == 'none' else num(loss.item()), 'grad': nums(grad)}
    return out


def case(cid, dtype, x, target, options, fn, go=None, forward_only=False, reductions=REDUCTIONS):
    c = {'id': cid, 'dtype': dtype, 'input': nums(x), 'target': target, 'options': options}
    if go is not None:
        c['gradOutput'] = nums(go)
    if forward_only:
        c['expected'] = nums(fn(t64(x)))
    else:
        c['expected'] = run(fn, x, go, reductions)
    return c


def write(name, cases):
    with open(os.path.join(OUT, name + '.json'), 'w') as f:
        json.dump({'function': name, 'generator': 'tools/gen-fixtures.py', 'torch': torch.__version__,
                   'cases': cases}, f, separators=(',', ':'))
    print(f'{name}: {len(cases)} cases')


def randn(shape, dtype, scale=1.0):
    return rounded(rng.standard_normal(shape) * scale, dtype)


def uniform(shape, dtype, lo=0.0, hi=1.0):
    return rounded(rng.uniform(lo, hi, shape), dtype)


DTYPES = ['float32', 'float64']


def regression(name, f):
    cases = []
    for dt in DTYPES:
        for n in SIZES:
            x, y = randn(n, dt, 2), randn(n, dt, 2)
            if n >= 4:
                y[::4] = x[::4]  # equality: L1's gradient is 0 there
            cases.append(case(f'n{n}', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red)))
        x = rounded([1e4, -1e4, 1e18 if dt == 'float32' else 1e150, 0.0, -0.0, 1e-30, 7.0], dt)
        y = rounded([-1e4, -1e4, 0.0, -0.0, 0.0, -1e-30, 7.0], dt)
        cases.append(case('extremes', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red)))
        x, y, go = randn(9, dt), randn(9, dt), randn(9, dt)
        cases.append(case('gradOutput', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red), go=go))
        cases.append(case('empty', dt, np.zeros(0), [], {}, lambda xt, red: f(xt, t64(np.zeros(0)), reduction=red)))
        x, y = rounded([np.nan, 1, np.inf, -np.inf, 2, np.inf], dt), rounded([0, np.nan, 1, 1, np.inf, np.inf], dt)
        cases.append(case('nonfinite', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red)))
    write(name, cases)


def bce():
    cases = []
    f = F.binary_cross_entropy
    for dt in DTYPES:
        for n in SIZES:
            x, y = uniform(n, dt, 0.001, 0.999), uniform(n, dt)
            cases.append(case(f'n{n}', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red)))
        x, y, w = uniform(15, dt, 0.01, 0.99), uniform(15, dt), uniform(15, dt, 0.1, 2)
        cases.append(case('weight', dt, x, nums(y), {'weight': nums(w)},
                          lambda xt, red, y=y, w=w: f(xt, t64(y), weight=t64(w), reduction=red)))
        x, y, w = uniform((6, 5), dt, 0.01, 0.99), uniform((6, 5), dt), uniform(5, dt, 0.1, 2)
        cases.append(case('weight-per-class', dt, x, nums(y), {'weight': nums(w), 'shape': [6, 5]},
                          lambda xt, red, y=y, w=w: f(xt, t64(y), weight=t64(w), reduction=red)))
        # exactly 0 and 1: the -100 log clamp and the 1e-12 gradient clamp
        x = rounded([0, 1, 0, 1, 0.5, 1e-30, 1 - 2**-24], dt)
        y = rounded([1, 0, 0, 1, 0.5, 1, 0], dt)
        cases.append(case('saturated', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red)))
        x, y, go = uniform(9, dt, 0.01, 0.99), uniform(9, dt), randn(9, dt)
        cases.append(case('gradOutput', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red), go=go))
    write('binaryCrossEntropy', cases)


def bce_logits():
    cases = []
    f = F.binary_cross_entropy_with_logits
    for dt in DTYPES:
        for n in SIZES:
            x, y = randn(n, dt, 3), uniform(n, dt)
            cases.append(case(f'n{n}', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red)))
        x, y, w = randn((4, 7), dt, 3), rounded(rng.integers(0, 2, (4, 7)), dt), uniform(28, dt, 0.1, 2)
        pw = uniform(7, dt, 0.5, 3)
        cases.append(case('weight-posWeight', dt, x, nums(y), {'weight': nums(w), 'posWeight': nums(pw), 'shape': [4, 7]},
                          lambda xt, red, y=y, w=w, pw=pw: f(xt, t64(y).reshape(4, 7), weight=t64(w).reshape(4, 7),
                                                             pos_weight=t64(pw), reduction=red)))
        x, y, pw = randn((3, 17), dt, 3), uniform((3, 17), dt), uniform(17, dt, 0.5, 3)
        cases.append(case('posWeight', dt, x, nums(y), {'posWeight': nums(pw), 'shape': [3, 17]},
                          lambda xt, red, y=y, pw=pw: f(xt.reshape(3, 17), t64(y), pos_weight=t64(pw), reduction=red)))
        x = rounded([1e4, -1e4, 100, -100, 0, 1e4, -1e4, 20, -20], dt)
        y = rounded([1, 1, 0, 0, 0.5, 0, 0, 0.3, 0.7], dt)
        cases.append(case('extremes', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red)))
        x, y, go = randn(9, dt), uniform(9, dt), randn(9, dt)
        cases.append(case('gradOutput', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red), go=go))
        x, y = rounded([np.nan, 1, np.inf, -np.inf, np.inf, -np.inf], dt), rounded([0, np.nan, 1, 0, 0, 1], dt)
        cases.append(case('nonfinite', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red)))
    write('binaryCrossEntropyWithLogits', cases)


def class_case(fn, cid, dt, shape, kind, options, torch_kwargs, logits=None, go=None, ignore_rows=0.0,
               smoothing=0.0, all_ignored=False):
    """A crossEntropy/nllLoss case: input of `shape`, index ('index') or probability ('probs') targets."""
    N, C = shape[0], shape[1] if len(shape) > 1 else shape[0]
    rest = list(shape[2:])
    x = logits if logits is not None else randn(shape, dt, 2)
    if fn == 'nllLoss':
        x = rounded(torch.log_softmax(t64(x).reshape(shape), dim=1 if len(shape) > 1 else 0).numpy(), dt)
    opts = dict(options)
    kw = dict(torch_kwargs)
    if 'weight' in opts:
        kw['weight'] = t64(opts['weight'])
        opts['weight'] = nums(opts['weight'])
    if smoothing:
        kw['label_smoothing'] = smoothing
        opts['labelSmoothing'] = smoothing
    if len(shape) != 2:
        opts['shape'] = list(shape)
    tshape = [N] + rest if len(shape) > 1 else []
    if kind == 'index':
        t = rng.integers(0, C, tshape if tshape else None)
        t = np.array(t)
        ignore = opts.get('ignoreIndex', -100)
        if ignore_rows or all_ignored:
            mask = rng.uniform(0, 1, t.shape) < ignore_rows if not all_ignored else np.ones(t.shape, bool)
            t = np.where(mask, ignore, t)
        target = [int(v) for v in np.asarray(t).ravel()]
        tt = torch.tensor(t, dtype=torch.int64)
    else:
        p = rng.uniform(0, 1, shape)
        p = p / p.sum(axis=1 if len(shape) > 1 else 0, keepdims=True)
        p = rounded(p, dt)
        target = nums(p)
        tt = t64(p)
        opts['shape'] = list(shape)
    f = F.cross_entropy if fn == 'crossEntropy' else F.nll_loss
    c = case(cid, dt, x, target, opts, lambda xt, red: f(xt.reshape(shape), tt, reduction=red, **kw), go=go)
    c['targetKind'] = kind
    return c


def classification(fn):
    cases = []
    for dt in DTYPES:
        for C in SIZES[:-1] + [4099]:
            N = 5 if C < 1000 else 2
            cases.append(class_case(fn, f'C{C}', dt, [N, C], 'index', {}, {}))
        cases.append(class_case(fn, 'N64-C10', dt, [64, 10], 'index', {}, {}))
        cases.append(class_case(fn, 'weight', dt, [9, 7], 'index', {'weight': uniform(7, dt, 0.1, 2)}, {}))
        cases.append(class_case(fn, 'ignore', dt, [12, 5], 'index', {}, {}, ignore_rows=0.3))
        cases.append(class_case(fn, 'ignore-255', dt, [12, 5], 'index', {'ignoreIndex': 255}, {'ignore_index': 255},
                                ignore_rows=0.3))
        cases.append(class_case(fn, 'weight-ignore', dt, [12, 6], 'index', {'weight': uniform(6, dt, 0.1, 2)}, {},
                                ignore_rows=0.3))
        cases.append(class_case(fn, 'all-ignored', dt, [4, 3], 'index', {}, {}, all_ignored=True))
        cases.append(class_case(fn, 'per-pixel', dt, [2, 5, 3, 4], 'index', {}, {}))
        cases.append(class_case(fn, 'per-pixel-weight-ignore', dt, [3, 4, 7], 'index',
                                {'weight': uniform(4, dt, 0.1, 2)}, {}, ignore_rows=0.2))
        cases.append(class_case(fn, 'one-sample', dt, [6], 'index', {}, {}))
        go = randn(8, dt)
        cases.append(class_case(fn, 'gradOutput', dt, [8, 5], 'index', {}, {}, go=go))
        cases.append(class_case(fn, 'per-pixel-gradOutput', dt, [2, 3, 5], 'index', {}, {}, go=randn(10, dt)))
        if fn == 'crossEntropy':
            cases.append(class_case(fn, 'smoothing', dt, [10, 7], 'index', {}, {}, smoothing=0.1))
            cases.append(class_case(fn, 'weight-ignore-smoothing', dt, [16, 9], 'index', {'weight': uniform(9, dt, 0.1, 2)},
                                    {}, ignore_rows=0.25, smoothing=0.2))
            cases.append(class_case(fn, 'per-pixel-weight-ignore-smoothing', dt, [2, 6, 3, 3], 'index',
                                    {'weight': uniform(6, dt, 0.1, 2)}, {}, ignore_rows=0.2, smoothing=0.3))
            cases.append(class_case(fn, 'smoothing-1', dt, [5, 4], 'index', {}, {}, smoothing=1.0))
            cases.append(class_case(fn, 'all-ignored-smoothing', dt, [4, 3], 'index', {}, {}, all_ignored=True, smoothing=0.1))
            for C in [1, 3, 4, 5, 17, 1000]:
                cases.append(class_case(fn, f'probs-C{C}', dt, [5, C], 'probs', {}, {}))
            cases.append(class_case(fn, 'probs-weight-smoothing', dt, [6, 5], 'probs', {'weight': uniform(5, dt, 0.1, 2)},
                                    {}, smoothing=0.15))
            cases.append(class_case(fn, 'probs-per-pixel', dt, [2, 4, 3, 2], 'probs', {}, {}))
            cases.append(class_case(fn, 'probs-per-pixel-weight', dt, [2, 5, 6], 'probs', {'weight': uniform(5, dt, 0.1, 2)}, {}))
            cases.append(class_case(fn, 'probs-gradOutput', dt, [4, 6], 'probs', {}, {}, go=randn(4, dt)))
            big = rounded(rng.choice([1e4, -1e4, 0.0, 5e3], (6, 5)), dt)
            cases.append(class_case(fn, 'logits-1e4', dt, [6, 5], 'index', {}, {}, logits=big))
            cases.append(class_case(fn, 'logits-1e4-smoothing', dt, [6, 5], 'index', {}, {}, logits=big, smoothing=0.1))
            cases.append(class_case(fn, 'probs-logits-1e4', dt, [6, 5], 'probs', {}, {}, logits=big))
        nf = rounded([[np.nan, 1, 2], [0, 1, 2], [np.inf, 1, 2], [-np.inf, 1, 2], [0, -np.inf, 1]], dt)
        if fn == 'crossEntropy':
            cases.append(class_case(fn, 'nonfinite', dt, [5, 3], 'index', {}, {}, logits=nf))
        else:
            x = nf
            cases.append(case('nonfinite', dt, x, [2, 0, 1, 0, 2], {},
                              lambda xt, red: F.nll_loss(xt.reshape(5, 3), torch.tensor([2, 0, 1, 0, 2]), reduction=red)))
            cases[-1]['targetKind'] = 'index'
    write(fn, cases)


def parametric(name, f, make_target, variants, sizes=(1, 3, 4, 5, 7, 8, 15, 16, 17, 33, 1000, 4099)):
    """An element-wise loss with options: variants = [(id, losskit options, torch kwargs)]."""
    cases = []
    for dt in DTYPES:
        for n in sizes:
            x, y = randn(n, dt, 2), make_target(n, dt)
            cases.append(case(f'n{n}', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red)))
        for vid, opts, kw in variants:
            x, y = randn(37, dt, 2), make_target(37, dt)
            cases.append(case(vid, dt, x, nums(y), opts, lambda xt, red, y=y, kw=kw: f(xt, t64(y), reduction=red, **kw)))
        x, y, go = randn(9, dt, 2), make_target(9, dt), randn(9, dt)
        cases.append(case('gradOutput', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red), go=go))
        x, y = rounded([1e4, -1e4, 100, -100, 0, 30], dt), make_target(6, dt)
        cases.append(case('extremes', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red)))
        cases.append(case('empty', dt, np.zeros(0), [], {}, lambda xt, red: f(xt, t64(np.zeros(0)), reduction=red)))
    write(name, cases)


def reduce_as(loss, reduction):
    return loss.mean() if reduction == 'mean' else loss.sum() if reduction == 'sum' else loss


def soft_margin_stable(x, y, reduction):
    """PyTorch's soft_margin_loss as a stable softplus (beyond PyTorch, whose log1p(exp(-y·x)) overflows):
    equal to F.soft_margin_loss wherever that is finite."""
    u = -y * x
    up, un = torch.clamp(u, min=0), torch.clamp(u, max=0)  # each branch finite, so where() leaks no NaN
    return reduce_as(torch.where(u > 0, up + torch.log1p(torch.exp(-up)), torch.log1p(torch.exp(un))), reduction)


def signs(n, dt):
    return rounded(rng.choice([-1.0, 1.0], n), dt)


def more_losses():
    parametric('huberLoss', F.huber_loss, lambda n, dt: randn(n, dt, 2),
               [('delta-0.5', {'delta': 0.5}, {'delta': 0.5}), ('delta-3', {'delta': 3.0}, {'delta': 3.0})])
    parametric('smoothL1Loss', F.smooth_l1_loss, lambda n, dt: randn(n, dt, 2),
               [('beta-0.5', {'beta': 0.5}, {'beta': 0.5}), ('beta-0', {'beta': 0.0}, {'beta': 0.0}),
                ('beta-3', {'beta': 3.0}, {'beta': 3.0})])
    parametric('softMarginLoss', soft_margin_stable, signs, [])
    # targets of 0 too: PyTorch gives them both terms
    parametric('hingeEmbeddingLoss', F.hinge_embedding_loss, lambda n, dt: rounded(rng.choice([-1.0, 1.0, 0.0, 1.0, -1.0], n), dt),
               [('margin-2', {'margin': 2.0}, {'margin': 2.0}),
                ('margin-0.5', {'margin': 0.5}, {'margin': 0.5})])
    kl = []
    for dt in DTYPES:
        for N, C in [(1, 1), (2, 3), (4, 5), (3, 17), (8, 129), (2, 1000)]:
            x = rounded(torch.log_softmax(t64(randn((N, C), dt, 2)), dim=1).numpy(), dt)
            p = rng.uniform(0, 1, (N, C))
            p[rng.uniform(0, 1, (N, C)) < 0.2] = 0  # xlogy: 0 where p = 0
            p = rounded(p / np.maximum(p.sum(axis=1, keepdims=True), 1e-12), dt)
            kl.append(case(f'[{N},{C}]', dt, x, nums(p), {'shape': [N, C]},
                           lambda xt, red, p=p, N=N, C=C: F.kl_div(xt.reshape(N, C), t64(p), reduction=red),
                           reductions=KL_REDUCTIONS))
            lp = rounded(np.log(np.maximum(p, 1e-30)), dt)
            kl.append(case(f'[{N},{C}]-logTarget', dt, x, nums(lp), {'shape': [N, C], 'logTarget': True},
                           lambda xt, red, lp=lp, N=N, C=C: F.kl_div(xt.reshape(N, C), t64(lp), reduction=red, log_target=True),
                           reductions=KL_REDUCTIONS))
        x = rounded(torch.log_softmax(t64(randn(11, dt)), dim=0).numpy(), dt)
        p = rounded(rng.uniform(0, 1, 11), dt)
        kl.append(case('1d', dt, x, nums(p), {}, lambda xt, red, p=p: F.kl_div(xt, t64(p), reduction=red),
                       reductions=KL_REDUCTIONS))
    write('klDiv', kl)


def poisson():
    cases = []
    f = F.poisson_nll_loss
    for dt in DTYPES:
        for n in (1, 3, 4, 5, 8, 17, 33, 1000, 4099):
            x, y = randn(n, dt), rounded(rng.poisson(2.0, n), dt)
            cases.append(case(f'n{n}', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red)))
        for vid, opts, kw, make_x in [
            ('full', {'full': True}, {'full': True}, lambda n: randn(n, dt)),
            ('rates', {'logInput': False}, {'log_input': False}, lambda n: uniform(n, dt, 0.05, 5)),
            ('rates-full-eps', {'logInput': False, 'full': True, 'eps': 0.1}, {'log_input': False, 'full': True, 'eps': 0.1},
             lambda n: uniform(n, dt, 0.0, 5)),
        ]:
            x, y = make_x(41), rounded(rng.poisson(3.0, 41), dt)
            x[0] = 0.0
            cases.append(case(vid, dt, x, nums(y), opts, lambda xt, red, y=y, kw=kw: f(xt, t64(y), reduction=red, **kw)))
        x, y, go = randn(9, dt), rounded(rng.poisson(2.0, 9), dt), randn(9, dt)
        cases.append(case('gradOutput', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt, t64(y), reduction=red), go=go))
    write('poissonNllLoss', cases)


def multilabel():
    cases = []
    f = F.multilabel_soft_margin_loss
    for dt in DTYPES:
        for N, C in [(1, 1), (1, 5), (2, 3), (4, 7), (3, 17), (5, 33), (2, 1000)]:
            x, y = randn((N, C), dt, 3), rounded(rng.integers(0, 2, (N, C)), dt)
            cases.append(case(f'[{N},{C}]', dt, x, nums(y), {'shape': [N, C]},
                              lambda xt, red, y=y, N=N, C=C: f(xt.reshape(N, C), t64(y), reduction=red)))
        x, y, wt = randn((6, 5), dt, 3), rounded(rng.integers(0, 2, (6, 5)), dt), uniform(5, dt, 0.1, 2)
        cases.append(case('weight', dt, x, nums(y), {'shape': [6, 5], 'weight': nums(wt)},
                          lambda xt, red, y=y, wt=wt: f(xt.reshape(6, 5), t64(y), weight=t64(wt), reduction=red)))
        x, y, go = randn((4, 6), dt, 3), rounded(rng.integers(0, 2, (4, 6)), dt), randn(4, dt)
        cases.append(case('gradOutput', dt, x, nums(y), {'shape': [4, 6]},
                          lambda xt, red, y=y: f(xt.reshape(4, 6), t64(y), reduction=red), go=go))
        x, y = randn(9, dt, 3), rounded(rng.integers(0, 2, 9), dt)
        cases.append(case('1d', dt, x, nums(y), {}, lambda xt, red, y=y: f(xt.reshape(1, 9), t64(y).reshape(1, 9), reduction=red)))
    write('multilabelSoftMarginLoss', cases)


def focal_torchvision(x, y, alpha, gamma, reduction):
    """torchvision.ops.sigmoid_focal_loss, written out (torchvision is not packaged in Debian)."""
    p = torch.sigmoid(x)
    ce = F.binary_cross_entropy_with_logits(x, y, reduction='none')
    p_t = p * y + (1 - p) * (1 - y)
    loss = ce * ((1 - p_t) ** gamma)
    if alpha >= 0:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    return reduce_as(loss, reduction)


def focal():
    cases = []
    for dt in DTYPES:
        for n in (1, 3, 4, 5, 8, 17, 33, 1000, 4099):
            x, y = randn(n, dt, 3), rounded(rng.integers(0, 2, n), dt)
            cases.append(case(f'n{n}', dt, x, nums(y), {}, lambda xt, red, y=y: focal_torchvision(xt, t64(y), 0.25, 2, red)))
        for vid, a, g in [('alpha-0.5-gamma-0', 0.5, 0.0), ('gamma-1.5', 0.25, 1.5), ('no-alpha', -1.0, 2.0), ('gamma-3', 0.75, 3.0)]:
            x, y = randn(29, dt, 3), rounded(rng.uniform(0, 1, 29), dt)  # soft targets too
            cases.append(case(vid, dt, x, nums(y), {'alpha': a, 'gamma': g},
                              lambda xt, red, y=y, a=a, g=g: focal_torchvision(xt, t64(y), a, g, red)))
        x, y, go = randn(9, dt), rounded(rng.integers(0, 2, 9), dt), randn(9, dt)
        cases.append(case('gradOutput', dt, x, nums(y), {}, lambda xt, red, y=y: focal_torchvision(xt, t64(y), 0.25, 2, red), go=go))
    write('sigmoidFocalLoss', cases)


def margin_ranking():
    """Two differentiable inputs: 'input2' and each reduction's 'grad2' (the gradient for input2)."""
    cases = []
    for dt in DTYPES:
        variants = [(f'n{n}', n, {}, {}) for n in (1, 3, 4, 5, 8, 17, 33, 1000, 4099)]
        variants += [('margin-0.5', 37, {'margin': 0.5}, {'margin': 0.5}), ('margin-neg', 37, {'margin': -0.3}, {'margin': -0.3})]
        for vid, n, opts, kw in variants:
            x1, x2, t = randn(n, dt), randn(n, dt), signs(n, dt)
            out = {}
            for red in REDUCTIONS:
                a, b = t64(x1).requires_grad_(True), t64(x2).requires_grad_(True)
                loss = F.margin_ranking_loss(a, b, t64(t), reduction=red, **kw)
                (loss.sum() if red == 'none' else loss).backward()
                out[red] = {'loss': nums(loss.detach()) if red == 'none' else num(loss.item()),
                            'grad': nums(a.grad), 'grad2': nums(b.grad)}
            cases.append({'id': vid, 'dtype': dt, 'input': nums(x1), 'input2': nums(x2), 'target': nums(t),
                          'options': opts, 'expected': out})
    write('marginRankingLoss', cases)


def cosine():
    cases = []
    for dt in DTYPES:
        # (D = 1 and parallel pairs are left out: cos = ±1 there and the gradient is a cancellation of O(1) terms
        # down to O(1e-12), which float32 cannot resolve, in PyTorch as here)
        variants = [(f'[{N},{D}]', N, D, {}, {}) for N, D in [(1, 2), (2, 3), (3, 4), (4, 7), (5, 17), (3, 33), (2, 1000)]]
        variants += [('margin-0.3', 9, 5, {'margin': 0.3}, {'margin': 0.3}), ('margin-neg', 9, 5, {'margin': -0.2}, {'margin': -0.2})]
        for vid, N, D, opts, kw in variants:
            x1, x2 = randn((N, D), dt), randn((N, D), dt)
            t = rounded(rng.choice([1.0, -1.0, 1.0, -1.0, 0.0], N), dt)
            out = {}
            for red in REDUCTIONS:
                a, b = t64(x1).requires_grad_(True), t64(x2).requires_grad_(True)
                loss = F.cosine_embedding_loss(a, b, t64(t), reduction=red, **kw)
                (loss.sum() if red == 'none' else loss).backward()
                out[red] = {'loss': nums(loss.detach()) if red == 'none' else num(loss.item()),
                            'grad': nums(a.grad), 'grad2': nums(b.grad)}
            cases.append({'id': vid, 'dtype': dt, 'input': nums(x1), 'input2': nums(x2), 'target': nums(t),
                          'options': {**opts, 'shape': [N, D]}, 'expected': out})
    write('cosineEmbeddingLoss', cases)


def margins():
    mm, ml = [], []
    for dt in DTYPES:
        for N, C in [(1, 1), (2, 3), (3, 4), (4, 5), (3, 8), (5, 17), (2, 33), (2, 1000)]:
            for pp in (1, 2):
                x, t = randn((N, C), dt), rng.integers(0, C, N)
                mm.append(case(f'[{N},{C}]-p{pp}', dt, x, [int(v) for v in t], {'p': pp, 'shape': [N, C]},
                               lambda xt, red, t=t, N=N, C=C, pp=pp: F.multi_margin_loss(xt.reshape(N, C), torch.tensor(t), p=pp, reduction=red)))
        x, t, wt = randn((6, 5), dt), rng.integers(0, 5, 6), uniform(5, dt, 0.1, 2)
        mm.append(case('weight-margin', dt, x, [int(v) for v in t], {'weight': nums(wt), 'margin': 0.5, 'p': 2},
                       lambda xt, red, t=t, wt=wt: F.multi_margin_loss(xt.reshape(6, 5), torch.tensor(t), p=2, margin=0.5, weight=t64(wt), reduction=red)))
        x, t = randn(7, dt), rng.integers(0, 7, 1)
        mm.append(case('1d', dt, x, [int(t[0])], {'shape': [7]},
                       lambda xt, red, t=t: F.multi_margin_loss(xt.reshape(1, 7), torch.tensor(t), reduction=red)))
        for N, C in [(1, 1), (2, 3), (3, 5), (4, 8), (2, 17), (3, 33), (1, 1000)]:
            x = randn((N, C), dt)
            t = np.full((N, C), -1)
            for r in range(N):
                k = int(rng.integers(0, C + 1))
                t[r, :k] = rng.permutation(C)[:k]
                if C > 2 and k + 1 < C:
                    t[r, k + 1] = 0  # after the -1: ignored, as PyTorch
            ml.append(case(f'[{N},{C}]', dt, x, [int(v) for v in t.ravel()], {'shape': [N, C]},
                           lambda xt, red, t=t, N=N, C=C: F.multilabel_margin_loss(xt.reshape(N, C), torch.tensor(t), reduction=red)))
    for c in mm + ml:
        c['targetKind'] = 'index'
    write('multiMarginLoss', mm)
    write('multilabelMarginLoss', ml)


def cosine_distance(x, y):
    return 1 - F.cosine_similarity(x, y)


def triplets():
    """Three differentiable inputs: 'input2', 'input3' and each reduction's 'grad2', 'grad3'."""
    plain, withd = [], []
    for dt in DTYPES:
        variants = [(f'[{N},{D}]', N, D, {}, {}) for N, D in [(1, 1), (2, 3), (3, 4), (4, 7), (5, 17), (3, 33), (2, 1000)]]
        variants += [('p1-margin2', 6, 5, {'p': 1.0, 'margin': 2.0}, {'p': 1.0, 'margin': 2.0}),
                     ('p3-eps', 6, 5, {'p': 3.0, 'eps': 1e-3}, {'p': 3.0, 'eps': 1e-3}),
                     ('swap', 12, 4, {'swap': True, 'margin': 1.5}, {'swap': True, 'margin': 1.5})]
        for vid, N, D, opts, kw in variants:
            a, p_, n = randn((N, D), dt), randn((N, D), dt), randn((N, D), dt)
            plain.append(triple_case(vid, dt, a, p_, n, {**opts, 'shape': [N, D]},
                                     lambda a, p_, n, red, kw=kw: F.triplet_margin_loss(a, p_, n, reduction=red, **kw)))
        for dist in ('pairwise', 'cosine'):
            for N, D, swap in [(3, 4, False), (8, 6, True), (2, 33, False)]:
                a, p_, n = randn((N, D), dt), randn((N, D), dt), randn((N, D), dt)
                fn = None if dist == 'pairwise' else cosine_distance
                withd.append(triple_case(f'{dist}-[{N},{D}]{"-swap" if swap else ""}', dt, a, p_, n,
                                         {'distance': dist, 'swap': swap, 'margin': 0.5, 'shape': [N, D]},
                                         lambda a, p_, n, red, fn=fn, swap=swap: F.triplet_margin_with_distance_loss(
                                             a, p_, n, distance_function=fn, margin=0.5, swap=swap, reduction=red)))
    write('tripletMarginLoss', plain)
    write('tripletMarginWithDistanceLoss', withd)


def triple_case(cid, dt, a, p_, n, options, f):
    out = {}
    for red in REDUCTIONS:
        ts = [t64(v).requires_grad_(True) for v in (a, p_, n)]
        loss = f(*ts, red)
        (loss.sum() if red == 'none' else loss).backward()
        out[red] = {'loss': nums(loss.detach()) if red == 'none' else num(loss.item()),
                    'grad': nums(ts[0].grad), 'grad2': nums(ts[1].grad), 'grad3': nums(ts[2].grad)}
    return {'id': cid, 'dtype': dt, 'input': nums(a), 'input2': nums(p_), 'input3': nums(n), 'target': None,
            'options': options, 'expected': out}


def gaussian():
    """gaussian_nll_loss: a 'variance' argument and each reduction's 'gradVar' besides the input's gradient."""
    cases = []
    for dt in DTYPES:
        variants = [(f'n{n}', [n], [n], {}, {}) for n in (1, 3, 4, 5, 8, 17, 33, 1000)]
        variants += [('per-row', [6, 4], [6], {}, {}), ('per-row-1', [5, 3], [5, 1], {}, {}),
                     ('full-eps', [4, 5], [4, 5], {'full': True, 'eps': 0.05}, {'full': True, 'eps': 0.05})]
        for vid, shp, vshp, opts, kw in variants:
            x, y = randn(shp, dt), randn(shp, dt)
            v = uniform(vshp, dt, 0.0, 2.0)
            v.ravel()[0] = 0.0  # below eps: clamped
            out = {}
            for red in REDUCTIONS:
                xt, vt = t64(x).requires_grad_(True), t64(v).requires_grad_(True)
                loss = F.gaussian_nll_loss(xt, t64(y), vt, reduction=red, **kw)
                (loss.sum() if red == 'none' else loss).backward()
                out[red] = {'loss': nums(loss.detach()) if red == 'none' else num(loss.item()),
                            'grad': nums(xt.grad), 'gradVar': nums(vt.grad)}
            cases.append({'id': vid, 'dtype': dt, 'input': nums(x), 'target': nums(y), 'variance': nums(v),
                          'options': {**opts, 'shape': shp}, 'expected': out})
    write('gaussianNllLoss', cases)


def ctc():
    """ctc_loss: log_probs [T, N, C] (log_softmax outputs), 'inputLengths'/'targetLengths' beside the targets."""
    cases = []
    for dt in DTYPES:
        variants = [
            # id, T, N, C, target lengths, input lengths, padded, options, torch kwargs
            ('concat', 12, 3, 5, [3, 1, 4], [12, 10, 12], False, {}, {}),
            ('padded', 12, 3, 5, [3, 1, 4], [12, 10, 12], True, {}, {}),
            ('repeats', 10, 2, 4, [4, 3], [10, 9], False, {}, {}),
            ('empty-target', 6, 2, 4, [0, 2], [6, 6], False, {}, {}),
            ('blank-3', 9, 2, 4, [2, 3], [9, 8], False, {'blank': 3}, {'blank': 3}),
            ('long', 50, 2, 20, [12, 7], [50, 41], True, {}, {}),
            ('impossible-zeroInfinity', 4, 2, 5, [4, 2], [3, 4], False, {'zeroInfinity': True}, {'zero_infinity': True}),
        ]
        for vid, T, N, C, tl, il, padded, opts, kw in variants:
            lp = rounded(torch.log_softmax(t64(randn((T, N, C), dt, 2)), dim=2).numpy(), dt)
            blank = kw.get('blank', 0)
            labels = [c for c in range(C) if c != blank]
            rows = []
            for n in range(N):
                if vid == 'repeats':
                    row = [labels[0]] * tl[n]  # repeated labels need blanks between them
                else:
                    row = [int(v) for v in rng.choice(labels, tl[n])]
                rows.append(row)
            if padded:
                S = max(tl)
                tgt = [v for row in rows for v in row + [labels[0]] * (S - len(row))]
                tt = torch.tensor([row + [labels[0]] * (S - len(row)) for row in rows], dtype=torch.int64)
            else:
                tgt = [v for row in rows for v in row]
                tt = torch.tensor(tgt, dtype=torch.int64)
            out = {}
            for red in REDUCTIONS:
                x = t64(lp).requires_grad_(True)
                loss = F.ctc_loss(x, tt, torch.tensor(il), torch.tensor(tl), reduction=red, **kw)
                (loss.sum() if red == 'none' else loss).backward()
                out[red] = {'loss': nums(loss.detach()) if red == 'none' else num(loss.item()), 'grad': nums(x.grad)}
            cases.append({'id': vid, 'dtype': dt, 'input': nums(lp), 'target': tgt, 'inputLengths': il,
                          'targetLengths': tl, 'targetKind': 'index', 'options': {**opts, 'shape': [T, N, C]},
                          'expected': out})
        # one sample, [T, C]
        T, C = 7, 6
        lp = rounded(torch.log_softmax(t64(randn((T, C), dt, 2)), dim=1).numpy(), dt)
        row = [int(v) for v in rng.choice(range(1, C), 3)]
        out = {}
        for red in REDUCTIONS:
            x = t64(lp).requires_grad_(True)
            loss = F.ctc_loss(x, torch.tensor(row), torch.tensor([T]), torch.tensor([3]), reduction=red)
            (loss.sum() if red == 'none' else loss).backward()
            out[red] = {'loss': nums(loss.detach().reshape(-1)) if red == 'none' else num(loss.item()), 'grad': nums(x.grad)}
        cases.append({'id': 'unbatched', 'dtype': dt, 'input': nums(lp), 'target': row, 'inputLengths': [T],
                      'targetLengths': [3], 'targetKind': 'index', 'options': {'shape': [T, C]}, 'expected': out})
    write('ctcLoss', cases)


def bce_smoothing(cases_name, f, make_x, eps_list=(0.1, 0.3, 1.0)):
    """Label smoothing for BCE (beyond PyTorch): the reference is PyTorch on targets y·(1 - ε) + ε/2."""
    path = os.path.join(OUT, cases_name + '.json')
    with open(path) as fh:
        data = json.load(fh)
    for dt in DTYPES:
        for eps in eps_list:
            x, y = make_x(23, dt), rounded(rng.integers(0, 2, 23), dt)
            ys = y * (1 - eps) + eps / 2
            data['cases'].append(case(f'labelSmoothing-{eps}', dt, x, nums(y), {'labelSmoothing': eps},
                                      lambda xt, red, ys=ys: f(xt, t64(ys), reduction=red)))
    with open(path, 'w') as fh:
        json.dump(data, fh, separators=(',', ':'))
    print(f'{cases_name}: {len(data["cases"])} cases (with label smoothing)')


def log_cosh(x, y, reduction):
    """Keras's log_cosh, beyond PyTorch: log(cosh(d)) = |d| + softplus(-2|d|) - log 2 (autograd: tanh(d))."""
    a = (x - y).abs()
    return reduce_as(a + F.softplus(-2 * a) - math.log(2), reduction)


def activations():
    for name, f in [('softmax', lambda x: F.softmax(x, dim=1 if x.dim() > 1 else 0)),
                    ('logSoftmax', lambda x: F.log_softmax(x, dim=1 if x.dim() > 1 else 0))]:
        cases = []
        for dt in DTYPES:
            for C in SIZES:
                shape = [3, C] if C < 1000 else [2, C]
                x = randn(shape, dt, 3)
                cases.append(case(f'C{C}', dt, x, None, {'shape': shape}, lambda xt, s=shape: f(xt.reshape(s)),
                                  forward_only=True))
            x = randn(11, dt)
            cases.append(case('1d-default', dt, x, None, {}, f, forward_only=True))
            x = randn([2, 5, 3, 2], dt)
            cases.append(case('per-pixel', dt, x, None, {'shape': [2, 5, 3, 2]},
                              lambda xt: f(xt.reshape(2, 5, 3, 2)), forward_only=True))
            x = rounded([[1e4, -1e4, 0, 5e3], [-1e4, -1e4, -1e4, -1e4]], dt)
            cases.append(case('extremes', dt, x, None, {'shape': [2, 4]}, lambda xt: f(xt.reshape(2, 4)),
                              forward_only=True))
            x = rounded([[np.nan, 1, 2], [np.inf, 1, 2], [-np.inf, 1, 2], [-np.inf, -np.inf, 0]], dt)
            cases.append(case('nonfinite', dt, x, None, {'shape': [4, 3]}, lambda xt: f(xt.reshape(4, 3)),
                              forward_only=True))
        write(name, cases)
    for name, f in [('sigmoid', torch.sigmoid), ('logSigmoid', F.logsigmoid)]:
        cases = []
        for dt in DTYPES:
            for n in SIZES:
                cases.append(case(f'n{n}', dt, randn(n, dt, 5), None, {}, f, forward_only=True))
            x = rounded([1e4, -1e4, 100, -100, 88, -88, 0, -0.0, 1e-8, -1e-8, 30, -30, np.nan, np.inf, -np.inf], dt)
            cases.append(case('extremes', dt, x, None, {}, f, forward_only=True))
        write(name, cases)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    regression('mseLoss', F.mse_loss)
    regression('l1Loss', F.l1_loss)
    bce()
    bce_logits()
    classification('crossEntropy')
    classification('nllLoss')
    activations()
    more_losses()
    poisson()
    multilabel()
    focal()
    margin_ranking()
    cosine()
    margins()
    triplets()
    gaussian()
    ctc()
    bce_smoothing('binaryCrossEntropy', F.binary_cross_entropy, lambda n, dt: uniform(n, dt, 0.01, 0.99))
    bce_smoothing('binaryCrossEntropyWithLogits', F.binary_cross_entropy_with_logits, lambda n, dt: randn(n, dt, 3))
    regression('logCoshLoss', log_cosh)  # last: the earlier files keep their random draws


if __name__ == '__main__':
    main()
