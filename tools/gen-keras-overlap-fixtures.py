#!/usr/bin/env python3
"""Writes test/fixtures/{cosineSimilarityLoss,diceLoss,tverskyLoss,ntXentLoss}.json: Keras 3 and optax references.

Keras's cosine_similarity, dice and tversky (axis -1) may compute in float32 whatever the input, so each is transcribed
here in float64 JAX, and the transcription is asserted to agree with Keras on every case (to Keras's own precision);
the fixtures hold the transcription's values and its jax.grad gradients. ntXent is optax.ntxent itself on float64
input (jax_enable_x64). Float32 cases hold float32-representable inputs, references computed in float64.
One deviation, stated in the README: at a zero input row Keras's normalize, x·min(rsqrt(Σx²), 1/ε), has jax.grad
NaN (0·∞ through rsqrt(0)); the transcription selects the clamp with a double `where`, so its gradient is that of the
clamped expression (-ŷ/ε), which is what losskit computes.
Run: KERAS_BACKEND=jax PYTHONPATH=/work/.pydeps python3 tools/gen-keras-overlap-fixtures.py
"""
import json
import os

import jax

jax.config.update('jax_enable_x64', True)
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402
from fixture_format import num, nums, rounded  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures')
DTYPES = ['float32', 'float64']
REDUCTIONS = ['mean', 'sum', 'none']
EPS = 1e-7  # keras.backend.epsilon()
SIZES = [(1, 1), (1, 5), (2, 3), (3, 4), (4, 7), (2, 8), (3, 15), (2, 16), (2, 17), (2, 33), (1, 1000)]
rng = np.random.default_rng(20261130)
assert keras.backend.epsilon() == EPS


def cosine_rows(x, y):
    def unit(v):
        s = jnp.sum(v * v, axis=-1, keepdims=True)
        big = s > EPS * EPS  # where rsqrt(s) < 1/ε: the clamp is inactive
        return v * jnp.where(big, jax.lax.rsqrt(jnp.where(big, s, 1.0)), 1.0 / EPS)
    return -jnp.sum(unit(y) * unit(x), axis=-1)


def dice_rows(x, y):
    return 1 - 2.0 * jnp.sum(y * x, axis=-1) / (jnp.sum(y, axis=-1) + jnp.sum(x, axis=-1) + EPS)


def tversky_rows(x, y, alpha=0.5, beta=0.5):
    tp = jnp.sum(y * x, axis=-1)
    fp = jnp.sum((1 - x) * y, axis=-1)
    fn = jnp.sum(x * (1 - y), axis=-1)
    return 1 - tp / (tp + fp * alpha + fn * beta + EPS)


KERAS = {
    'cosineSimilarityLoss': lambda x, y, o: keras.losses.cosine_similarity(y, x, axis=-1),
    'diceLoss': lambda x, y, o: keras.losses.dice(y, x, axis=-1),
    'tverskyLoss': lambda x, y, o: keras.losses.tversky(y, x, axis=-1, **o),
}
ROWS = {
    'cosineSimilarityLoss': lambda x, y, o: cosine_rows(x, y),
    'diceLoss': lambda x, y, o: dice_rows(x, y),
    'tverskyLoss': lambda x, y, o: tversky_rows(x, y, **o),
}


def check_keras(name, x, y, o, rows):
    k = np.asarray(KERAS[name](x, y, o), dtype=np.float64)
    tol = 1e-12 if KERAS[name](x, y, o).dtype == np.float64 else 2e-6
    scale = np.maximum(np.abs(rows), 1.0)
    assert np.all(np.abs(k - rows) <= tol * scale), (name, k, rows)


def row_case(name, cid, dt, x, y, opts, kw):
    """Every reduction of the rows' losses, with jax.grad through the transcription; checks it against Keras."""
    N, C = x.shape
    rows = np.asarray(ROWS[name](x, y, kw))
    check_keras(name, x, y, kw, rows)
    go = rounded(rng.uniform(0.5, 2, N), dt)
    out = {}
    for red in REDUCTIONS:
        def f(xx, red=red):
            r = ROWS[name](xx, y, kw)
            return jnp.mean(r) if red == 'mean' else jnp.sum(r) if red == 'sum' else jnp.sum(r * go)
        loss = nums(rows) if red == 'none' else num(f(x))
        out[red] = {'loss': loss, 'grad': nums(jax.grad(f)(jnp.asarray(x)))}
    return {'id': cid, 'dtype': dt, 'input': nums(x), 'target': nums(y), 'options': {**opts, 'shape': [N, C]},
            'gradOutput': nums(go), 'expected': out}


def masks(N, C, dt, soft):
    y = rng.uniform(0, 1, (N, C)) if soft else (rng.uniform(0, 1, (N, C)) < 0.4).astype(np.float64)
    return rounded(y, dt)


def overlap_cases(name, variants):
    cases = []
    for dt in DTYPES:
        # (C = 1 is left out of cosine: x̂·ŷ = ±1 there and the gradient is a cancellation to 0 that float32 cannot resolve)
        for N, C in SIZES if name != 'cosineSimilarityLoss' else [(1, 2)] + SIZES[1:]:
            for vid, opts in variants:
                if name == 'cosineSimilarityLoss':
                    x, y = rounded(rng.normal(size=(N, C)), dt), rounded(rng.normal(size=(N, C)), dt)
                else:
                    x, y = rounded(rng.uniform(0, 1, (N, C)), dt), masks(N, C, dt, soft=C % 2 == 1)
                cases.append(row_case(name, f'[{N},{C}]{vid}', dt, x, y, opts, opts))
        cases += edge_cases(name, dt, variants[-1][1])
    return cases


def edge_cases(name, dt, opts):
    """Perfect and disjoint masks, empty rows; for cosine: zero vectors and parallel rows among ordinary ones."""
    C = 9
    if name == 'cosineSimilarityLoss':
        x, y = rounded(rng.normal(size=(5, C)), dt), rounded(rng.normal(size=(5, C)), dt)
        x[0] = 0            # zero input: loss 0, gradient -ŷ/ε (the clamp)
        y[1] = 0            # zero target: loss 0, gradient 0
        y[2] = 2 * x[2]     # parallel: -1
        y[3] = -x[3]        # opposite: 1
        x[4] *= 1e-8        # tiny input: the clamp at 1/ε holds
        return [row_case(name, 'zero-parallel-tiny', dt, x, y, opts, opts)]
    m = (rng.uniform(0, 1, (4, C)) < 0.5).astype(np.float64)
    m[3] = 0
    perfect = row_case(name, 'perfect', dt, rounded(m, dt), rounded(m, dt), opts, opts)
    disjoint = row_case(name, 'disjoint', dt, rounded(m, dt), rounded(1 - m, dt), opts, opts)
    soft = row_case(name, 'soft-both', dt, rounded(rng.uniform(0, 1, (3, C)), dt), masks(3, C, dt, True), opts, opts)
    return [perfect, disjoint, soft]


def ntxent_case(cid, dt, x, labels, temperature=None):
    kw = {} if temperature is None else {'temperature': temperature}
    f = lambda e: optax.ntxent(e, jnp.asarray(labels), **kw)  # noqa: E731
    xj = jnp.asarray(x, dtype=jnp.float64)
    opts = {'shape': list(x.shape), **kw}
    return {'id': cid, 'dtype': dt, 'input': nums(x), 'target': [int(v) for v in labels], 'targetKind': 'index',
            'options': opts, 'expected': {'mean': {'loss': num(f(xj)), 'grad': nums(jax.grad(f)(xj))}}}


def ntxent_cases():
    cases = []
    for dt in DTYPES:
        # (no D = 1: every cosine is ±1, and the gradient is a cancellation to 0 (optax's leaves 1e-15 of it))
        for N, D, groups in [(2, 3, 1), (4, 2, 2), (6, 5, 3), (8, 4, 2), (5, 17, 2), (7, 33, 3), (9, 16, 4), (3, 6, 2)]:
            labels = rng.integers(0, groups, N)
            cases.append(ntxent_case(f'[{N},{D}]-{groups}groups', dt, rounded(rng.normal(size=(N, D)), dt), labels))
        x = rounded(rng.normal(size=(6, 8)), dt)
        cases.append(ntxent_case('single-member-label', dt, x, np.array([0, 0, 1, 2, 2, 2])))
        cases.append(ntxent_case('temperature-0.5', dt, x, np.array([3, 1, 3, 1, 3, 7]), 0.5))
        cases.append(ntxent_case('no-positive-pair', dt, x, np.arange(6)))
        cases.append(ntxent_case('one-row', dt, x[:1], np.array([0])))
    x = rng.normal(size=(5, 6))
    x[2] = 0  # (float64 only: the clamp is optax's finfo(float64).eps, which the float32 input would change)
    cases.append(ntxent_case('zero-embedding', 'float64', x, np.array([0, 1, 0, 1, 1])))
    return cases


def write(name, cases, source):
    with open(os.path.join(OUT, name + '.json'), 'w') as f:
        json.dump({'function': name, 'generator': 'tools/gen-keras-overlap-fixtures.py', 'reference': source,
                   'cases': cases}, f, separators=(',', ':'))
    print(f'{name}: {len(cases)} cases')


if __name__ == '__main__':
    k = f'keras {keras.__version__} (jax {jax.__version__})'
    write('cosineSimilarityLoss', overlap_cases('cosineSimilarityLoss', [('', {})]), k)
    write('diceLoss', overlap_cases('diceLoss', [('', {})]), k)
    write('tverskyLoss', overlap_cases('tverskyLoss', [('', {}), ('-a0.3-b0.7', {'alpha': 0.3, 'beta': 0.7}),
                                                       ('-a1-b0', {'alpha': 1.0, 'beta': 0.0})]), k)
    write('ntXentLoss', ntxent_cases(), f'optax {optax.__version__} (jax {jax.__version__})')
