#!/usr/bin/env python3
"""Writes test/fixtures/edges/<function>.json: PyTorch 1.13 references for the edges of the trust issue, in the
format of tools/gen-fixtures.py (whose helpers it uses): masked rows (-inf and NaN logits in ignored rows) at
C = 3, 10, 63, 64, 100 with weights and label smoothing; NaN in the clamp-based losses; class indices and an
ignore index beyond int32 (int64, as PyTorch and ONNX exports give them); CTC targets padded with junk; a tiny
pos_weight for BCE with logits. Where losskit deliberately differs it is written here, once: an ignored row's
gradient is 0 (PyTorch's log-softmax backward makes it NaN when the row holds -inf or NaN).
Run with Debian's python3-torch: /usr/bin/python3 tools/gen-edge-fixtures.py
"""
import importlib.util
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

spec = importlib.util.spec_from_file_location('gen', os.path.join(os.path.dirname(__file__), 'gen-fixtures.py'))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)
OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'edges')
rng = np.random.default_rng(20261130)
DTYPES = ['float32', 'float64']
NAN, INF = float('nan'), float('inf')


def write(name, cases):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + '.json'), 'w') as f:
        json.dump({'function': name, 'generator': 'tools/gen-edge-fixtures.py', 'torch': torch.__version__,
                   'cases': cases}, f, separators=(',', ':'))
    print(f'{name}: {len(cases)} cases')


def zero_rows(expected, rows, C):
    """losskit's gradient for ignored rows: 0 (PyTorch's is NaN there)."""
    for red in expected.values():
        for r in rows:
            red['grad'][r * C:(r + 1) * C] = [0.0] * C


def masked_rows():
    cases = []
    for dt in DTYPES:
        for C in (3, 10, 63, 64, 100):
            N = 9
            x = gen.rounded(rng.normal(0, 2, (N, C)), dt)
            x[2, :] = -INF
            x[5, 1] = NAN
            x[7, :] = NAN
            t = rng.integers(0, C, N)
            t[[2, 5, 7]] = -100
            w = gen.rounded(rng.uniform(0.2, 2, C), dt)
            for cid, kw, opts in (('plain', {}, {}), ('weight', {'weight': gen.t64(w)}, {'weight': gen.nums(w)}),
                                  ('weight-smoothing', {'weight': gen.t64(w), 'label_smoothing': 0.1},
                                   {'weight': gen.nums(w), 'labelSmoothing': 0.1})):
                tt = torch.tensor(t, dtype=torch.int64)
                c = gen.case(f'masked-C{C}-{cid}', dt, x, [int(v) for v in t], opts,
                             lambda xt, red: F.cross_entropy(xt.reshape(N, C), tt, reduction=red, **kw))
                zero_rows(c['expected'], (2, 5, 7), C)
                c['targetKind'] = 'index'
                cases.append(c)
    write('crossEntropy', cases)


def int64_targets():
    """Class indices and an ignore index beyond int32: the targets travel as int64 (BigInt64Array)."""
    cases = []
    big = 2 ** 32
    for dt in DTYPES:
        N, C = 6, 4
        x = gen.rounded(rng.normal(0, 2, (N, C)), dt)
        t = rng.integers(0, C, N)
        t[[1, 4]] = big
        tt = torch.tensor(t, dtype=torch.int64)
        for fn, f in (('crossEntropy', F.cross_entropy), ('nllLoss', F.nll_loss)):
            xx = x if fn == 'crossEntropy' else gen.rounded(torch.log_softmax(gen.t64(x), 1).numpy(), dt)
            c = gen.case(f'int64-ignore-{fn}', dt, xx, [int(v) for v in t], {'ignoreIndex': big},
                         lambda xt, red, f=f: f(xt.reshape(N, C), tt, reduction=red, ignore_index=big))
            c['targetKind'] = 'int64'
            c['function'] = fn
            cases.append(c)
    write('int64', cases)


def nan_clamps():
    """NaN through the clamp-based losses: PyTorch propagates it."""
    cases = {'tripletMarginLoss': [], 'tripletMarginWithDistanceLoss': [], 'cosineEmbeddingLoss': [],
             'gaussianNllLoss': [], 'klDiv': []}
    for dt in DTYPES:
        N, D = 3, 4
        a, p, n = (gen.rounded(rng.normal(0, 1, (N, D)), dt) for _ in range(3))
        a[1, 2] = NAN
        for name, f in (('tripletMarginLoss', lambda A, P, Q, red: F.triplet_margin_loss(A, P, Q, reduction=red)),
                        ('tripletMarginWithDistanceLoss',
                         lambda A, P, Q, red: F.triplet_margin_with_distance_loss(A, P, Q, reduction=red))):
            cases[name].append(gen.triple_case('nan-anchor', dt, a, p, n, {'shape': [N, D]}, f))
        x1, x2 = gen.rounded(rng.normal(0, 1, (N, D)), dt), gen.rounded(rng.normal(0, 1, (N, D)), dt)
        x1[0, 1] = NAN
        y = np.array([-1.0, -1.0, 1.0])
        out = {}
        for red in gen.REDUCTIONS:
            t1, t2 = gen.t64(x1).requires_grad_(True), gen.t64(x2).requires_grad_(True)
            loss = F.cosine_embedding_loss(t1, t2, gen.t64(y), reduction=red)
            (loss.sum() if red == 'none' else loss).backward()
            out[red] = {'loss': gen.nums(loss.detach()) if red == 'none' else gen.num(loss.item()),
                        'grad': gen.nums(t1.grad), 'grad2': gen.nums(t2.grad)}
        cases['cosineEmbeddingLoss'].append({'id': 'nan-target-minus-1', 'dtype': dt, 'input': gen.nums(x1),
                                             'input2': gen.nums(x2), 'target': gen.nums(y),
                                             'options': {'shape': [N, D]}, 'expected': out})
        x, yy = gen.rounded(rng.normal(0, 1, 5), dt), gen.rounded(rng.normal(0, 1, 5), dt)
        var = gen.rounded(rng.uniform(0.5, 2, 5), dt)
        var[2] = NAN
        out = {}
        for red in gen.REDUCTIONS:
            xt, vt = gen.t64(x).requires_grad_(True), gen.t64(var).requires_grad_(True)
            loss = F.gaussian_nll_loss(xt, gen.t64(yy), vt, reduction=red)
            (loss.sum() if red == 'none' else loss).backward()
            out[red] = {'loss': gen.nums(loss.detach()) if red == 'none' else gen.num(loss.item()),
                        'grad': gen.nums(xt.grad), 'gradVar': gen.nums(vt.grad)}
        cases['gaussianNllLoss'].append({'id': 'nan-var', 'dtype': dt, 'input': gen.nums(x), 'target': gen.nums(yy),
                                         'variance': gen.nums(var), 'options': {}, 'expected': out})
        lq = gen.rounded(np.log(rng.uniform(0.05, 1, 6)), dt)
        pt = gen.rounded(np.array([0.2, 0.0, NAN, -0.3, 0.5, 0.0]), dt)
        lq[5] = -INF  # 0·(-inf) is NaN in PyTorch's xlogy(p, p) - p·x
        ptt = gen.t64(pt)
        cases['klDiv'].append(gen.case('nan-negative-target', dt, lq, gen.nums(pt), {},
                                       lambda xt, red: F.kl_div(xt, ptt, reduction=red)))
    for name, cs in cases.items():
        write(name, cs)


def padded_ctc():
    """Padded targets whose padding is junk (-1, out-of-range classes): PyTorch never reads it."""
    cases = []
    for dt in DTYPES:
        T, N, C, S = 10, 3, 5, 4
        lp = gen.rounded(torch.log_softmax(gen.t64(rng.normal(0, 2, (T, N, C))), dim=2).numpy(), dt)
        tl, il = [2, 4, 1], [10, 9, 10]
        rows = [[int(v) for v in rng.integers(1, C, k)] + [-1, 99, -7, 5][:S - k] for k in tl]
        tt = torch.tensor([[v if 0 <= v < C else 1 for v in r] for r in rows], dtype=torch.int64)
        out = {}
        for red in gen.REDUCTIONS:
            xt = gen.t64(lp).requires_grad_(True)
            loss = F.ctc_loss(xt, tt, torch.tensor(il), torch.tensor(tl), reduction=red)
            (loss.sum() if red == 'none' else loss).backward()
            out[red] = {'loss': gen.nums(loss.detach()) if red == 'none' else gen.num(loss.item()), 'grad': gen.nums(xt.grad)}
        cases.append({'id': 'padded-junk', 'dtype': dt, 'input': gen.nums(lp), 'target': [v for r in rows for v in r],
                      'inputLengths': il, 'targetLengths': tl, 'targetKind': 'index',
                      'options': {'shape': [T, N, C]}, 'expected': out})
    write('ctcLoss', cases)


def tiny_pos_weight():
    cases = []
    for dt in DTYPES:
        x = gen.rounded(rng.normal(0, 3, 64), dt)
        y = np.ones(64)
        pw = gen.rounded(np.full(64, 1e-3), dt)
        pw[::2] = gen.rounded(np.array([2e-3]), dt)[0]
        pwt = gen.t64(pw)
        cases.append(gen.case('tiny-pos-weight', dt, x, gen.nums(y), {'posWeight': gen.nums(pw)},
                              lambda xt, red: F.binary_cross_entropy_with_logits(xt, gen.t64(y), pos_weight=pwt, reduction=red)))
    write('binaryCrossEntropyWithLogits', cases)


if __name__ == '__main__':
    torch.manual_seed(0)
    masked_rows()
    int64_targets()
    nan_clamps()
    padded_ctc()
    tiny_pos_weight()
