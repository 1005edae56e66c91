#!/usr/bin/env python3
"""Writes test/fixtures/{categoricalHingeLoss,categoricalFocalLoss,polyLoss}.json: Keras 3 and optax references.

Each loss is transcribed in float64 JAX (jax_enable_x64) from its library's source, and every case's per-row
losses are checked here against the library itself (keras.losses.categorical_hinge,
keras.losses.categorical_focal_crossentropy(from_logits=True), optax.losses.poly_loss_cross_entropy): the
focal loss where Keras's clip of p to [1e-7, 1 - 1e-7] is inactive (losskit computes log p as a log-softmax,
without the clip). The losses and gradients written are the transcription's: gradients by jax.grad, with the
hinge's max(m, 0) as where(m > 0, m, 0) (gradient 0 at the kink: jnp.maximum would give 1/2 there).
For 'none' the gradient is that of the sum, or of Σ gradOutput·loss where a case has gradOutput.
Run: KERAS_BACKEND=jax PYTHONPATH=/work/.pydeps python3 tools/gen-keras-class-fixtures.py
"""
import json
import os

os.environ.setdefault('KERAS_BACKEND', 'jax')
import jax  # noqa: E402

jax.config.update('jax_enable_x64', True)
jax.config.update('jax_platform_name', 'cpu')
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402
from fixture_format import num, nums, rounded  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures')
REDUCTIONS = ['mean', 'sum', 'none']
DTYPES = ['float32', 'float64']
CLASSES = [1, 3, 4, 5, 8, 9, 16, 17, 1000]
KERAS_EPS = 1e-7
rng = np.random.default_rng(20261130)


# ---- the transcriptions: rows along the last axis ------------------------------------------------------------

def hinge(x, y):
    """Keras categorical_hinge: max(neg - pos + 1, 0), written so that the kink's gradient is 0."""
    pos = jnp.sum(y * x, axis=-1)
    neg = jnp.max((1.0 - y) * x, axis=-1)  # jnp.max splits the gradient of ties equally
    m = neg - pos + 1.0
    return jnp.where(m > 0, m, 0.0)


def focal(x, y, alpha=0.25, gamma=2.0):
    """Keras categorical_focal_crossentropy(from_logits=True) without the clip: log p from log_softmax."""
    lp = jax.nn.log_softmax(x, axis=-1)
    p = jnp.exp(lp)
    term = alpha * jnp.power(1.0 - p, gamma) * (-y * lp)
    return jnp.sum(jnp.where(y != 0, term, 0.0), axis=-1)


def poly(x, y, epsilon=2.0):
    """optax poly_loss_cross_entropy: softmax cross-entropy + epsilon·Σ y·(1 - p)."""
    lp = jax.nn.log_softmax(x, axis=-1)
    return jnp.sum(-y * lp, axis=-1) + epsilon * jnp.sum(y * (1.0 - jnp.exp(lp)), axis=-1)


# ---- the libraries, and the check of each transcription against them ------------------------------------------

def keras_hinge(x, y):
    return keras.losses.categorical_hinge(y, x)


def keras_focal(x, y, alpha=0.25, gamma=2.0):
    return keras.losses.categorical_focal_crossentropy(y, x, alpha=alpha, gamma=gamma, from_logits=True)


def optax_poly(x, y, epsilon=2.0):
    return optax.losses.poly_loss_cross_entropy(x, y, epsilon=epsilon)


def clip_inactive(x, y):
    """Rows whose target classes all have p in [ε, 1 - ε]: Keras's clip leaves them alone."""
    p = np.asarray(jax.nn.softmax(jnp.asarray(x), axis=-1))
    ok = (y == 0) | ((p >= KERAS_EPS) & (p <= 1 - KERAS_EPS))
    return np.all(ok, axis=-1)


def check_library(name, ours, library, x, y, params):
    """The transcription's per-row losses equal the library's (float64) on every row it may be compared on."""
    mine = np.asarray(ours(jnp.asarray(x), jnp.asarray(y), **params))
    theirs = np.asarray(library(jnp.asarray(x), jnp.asarray(y), **params))
    assert theirs.dtype == np.float64, f'{name}: the library computed in {theirs.dtype}'
    rows = clip_inactive(x, y) if name == 'categoricalFocalLoss' else np.ones(mine.shape, bool)
    np.testing.assert_allclose(mine[rows], theirs[rows], rtol=1e-9, atol=1e-12, err_msg=name)
    return int(rows.sum())


# ---- cases -----------------------------------------------------------------------------------------------------

def to_last(a, shape, class_last):
    """[N, C, d1, ...] (class dimension 1) → rows along the last axis; [C] → one row."""
    a = np.asarray(a, dtype=np.float64).reshape(shape)
    if len(shape) > 2 and not class_last:
        a = np.moveaxis(a, 1, -1)
    return a.reshape(1, -1) if len(shape) == 1 else a


def run(fn, x_rows, y_rows, params, go):
    """Loss for every reduction and the gradient with respect to x (rows along the last axis)."""
    out = {}
    y = jnp.asarray(y_rows)
    for red in REDUCTIONS:
        def total(xx, red=red):
            rows = fn(xx, y, **params).ravel()
            if red == 'mean':
                return jnp.mean(rows)
            if red == 'sum':
                return jnp.sum(rows)
            return jnp.sum(rows * (jnp.asarray(go) if go is not None else 1.0))
        xj = jnp.asarray(x_rows)
        grad = np.asarray(jax.grad(total)(xj))
        loss = np.asarray(fn(xj, y, **params)).ravel() if red == 'none' else float(total(xj))
        out[red] = {'loss': nums(loss) if red == 'none' else num(loss), 'grad': grad}
    return out


def one_hot_rows(t, C):
    return np.eye(C)[t] if C > 0 else np.zeros((len(t), 0))


class Loss:
    def __init__(self, name, fn, library):
        self.name, self.fn, self.library, self.cases, self.compared = name, fn, library, [], 0

    def add(self, cid, dtype, x, shape, target, kind, options=None, params=None, go=None, class_last=False):
        """x laid out as `shape` (losskit's layout), target: class indices (kind 'index') or rows like x."""
        options, params = dict(options or {}), dict(params or {})
        x = rounded(x, dtype)
        C = shape[-1] if class_last or len(shape) == 1 else shape[1]
        x_rows = to_last(x, shape, class_last)
        if kind == 'index':
            t = np.asarray(target, dtype=np.int64)
            y_rows = one_hot_rows(t.ravel(), C).reshape(x_rows.shape)
            target_out = [int(v) for v in t.ravel()]
        else:
            y = rounded(target, dtype)
            y_rows = to_last(y, shape, class_last)
            target_out = nums(y)
        if x_rows.size:
            self.compared += check_library(self.name, self.fn, self.library, x_rows.reshape(-1, C),
                                           y_rows.reshape(-1, C), params)
        if go is not None:
            go = rounded(go, dtype)
        expected = run(self.fn, x_rows, y_rows, params, go)
        for e in expected.values():  # back to losskit's layout
            g = e['grad']
            e['grad'] = nums(np.moveaxis(g, -1, 1) if len(shape) > 2 and not class_last else g)
        c = {'id': cid, 'dtype': dtype, 'input': nums(x), 'target': target_out, 'options': options}
        if kind == 'index':
            c['targetKind'] = 'index'
        if go is not None:
            c['gradOutput'] = nums(go)
        c['expected'] = expected
        self.cases.append(c)

    def write(self, source):
        with open(os.path.join(OUT, self.name + '.json'), 'w') as f:
            json.dump({'function': self.name, 'generator': 'tools/gen-keras-class-fixtures.py', 'source': source,
                       'keras': keras.__version__, 'optax': optax.__version__, 'jax': jax.__version__,
                       'cases': self.cases}, f, separators=(',', ':'))
        print(f'{self.name}: {len(self.cases)} cases, {self.compared} rows checked against {source}')


def randn(shape, scale=1.0):
    return rng.standard_normal(shape) * scale


def soft(N, C):
    return rng.dirichlet(np.ones(C), N) if C > 0 else np.zeros((N, 0))


def common_cases(loss, param_sets, logit_scale):
    """Sizes (1 row, odd C, the vector tiles' edges, 1000 classes), target kinds, layouts, gradOutput, empty."""
    for dt in DTYPES:
        for C in CLASSES:
            N = 2 if C == 1000 else 5
            x = randn((N, C), logit_scale)
            t = rng.integers(0, C, N)
            loss.add(f'C{C}-index', dt, x, [N, C], t, 'index')
            loss.add(f'C{C}-onehot', dt, x, [N, C], one_hot_rows(t, C), 'probs', {'shape': [N, C]})
            loss.add(f'C{C}-soft', dt, x, [N, C], soft(N, C), 'probs', {'shape': [N, C]})
        loss.add('one-sample', dt, randn(7, logit_scale), [7], [3], 'index', {'shape': [7]})
        loss.add('one-sample-soft', dt, randn(7, logit_scale), [7], soft(1, 7), 'probs', {'shape': [7]})
        x = randn((2, 3, 4), logit_scale)
        loss.add('per-position', dt, x, [2, 3, 4], rng.integers(0, 3, (2, 4)), 'index', {'shape': [2, 3, 4]})
        y = np.moveaxis(soft(8, 3).reshape(2, 4, 3), -1, 1)
        loss.add('per-position-soft', dt, x, [2, 3, 4], y, 'probs', {'shape': [2, 3, 4]})
        x = randn((2, 4, 5), logit_scale)
        loss.add('class-last', dt, x, [2, 4, 5], rng.integers(0, 5, (2, 4)), 'index',
                 {'shape': [2, 4, 5], 'classDim': -1}, class_last=True)
        loss.add('gradOutput', dt, randn((6, 5), logit_scale), [6, 5], rng.integers(0, 5, 6), 'index',
                 go=randn(6))
        loss.add('empty', dt, np.zeros(0), [0, 3], np.zeros(0, dtype=np.int64), 'index', {'shape': [0, 3]})
        for i, (options, params) in enumerate(param_sets):
            x = randn((6, 5), logit_scale)
            loss.add(f'params{i}', dt, x, [6, 5], rng.integers(0, 5, 6), 'index', options, params)
            loss.add(f'params{i}-soft', dt, x, [6, 5], soft(6, 5), 'probs', {**options, 'shape': [6, 5]}, params)


def extreme_cases(loss, param_sets):
    """Logits of ±50 and ±1e4: the target class at the top, at the bottom, and in between."""
    for dt in DTYPES:
        for big in [50.0, 1e4]:
            x = np.array([[big, -big, 0.0, 1.0], [big, -big, 0.0, 1.0], [-big, big, 3.0, -big],
                          [big, big, -big, 0.5], [0.0, -big, 2.0, 1.0]])
            t = np.array([1, 2, 0, 0, 3])
            loss.add(f'extreme{big:g}', dt, x, [5, 4], t, 'index')
            y = np.array([[0.5, 0.5, 0, 0], [0, 0.25, 0.75, 0], [0.1, 0.2, 0.3, 0.4], [0, 0, 1, 0], [1, 0, 0, 0]])
            loss.add(f'extreme{big:g}-soft', dt, x, [5, 4], y, 'probs', {'shape': [5, 4]})
            for i, (options, params) in enumerate(param_sets):
                loss.add(f'extreme{big:g}-params{i}', dt, x, [5, 4], t, 'index', options, params)


def hinge_cases(loss):
    for dt in DTYPES:
        # the kink (margin exactly 0) and ties in the max, with one-hot, index and ±1-style soft targets
        x = np.array([[1.0, 2.0, 0.5], [3.0, 3.0, 1.0], [2.0, 2.0, 2.0], [-1.0, -2.0, -3.0], [0.0, 0.0, 0.0]])
        t = np.array([1, 2, 0, 1, 2])
        loss.add('kink-ties', dt, x, [5, 3], t, 'index')
        loss.add('kink-ties-onehot', dt, x, [5, 3], one_hot_rows(t, 3), 'probs', {'shape': [5, 3]})
        y = np.array([[0.5, 0.5, 0], [0, 0, 1], [0.25, 0.25, 0.5], [0, 1, 0], [1, 0, 0]])
        loss.add('ties-soft', dt, x, [5, 3], y, 'probs', {'shape': [5, 3]})
        loss.add('scores', dt, randn((7, 6), 100.0), [7, 6], rng.integers(0, 6, 7), 'index')


def main():
    h = Loss('categoricalHingeLoss', hinge, keras_hinge)
    common_cases(h, [], 2.0)
    hinge_cases(h)
    h.write('keras.losses.categorical_hinge')

    focal_params = [({'alpha': 0.5, 'gamma': 0}, {'alpha': 0.5, 'gamma': 0.0}),
                    ({'gamma': 1.5}, {'gamma': 1.5}), ({'alpha': 1, 'gamma': 4}, {'alpha': 1.0, 'gamma': 4.0})]
    f = Loss('categoricalFocalLoss', focal, keras_focal)
    common_cases(f, focal_params, 3.0)
    extreme_cases(f, focal_params[1:])  # (gamma 0 at p = 1 exactly: jnp.power's gradient is 0·inf there)
    f.write('keras.losses.categorical_focal_crossentropy(from_logits=True)')

    poly_params = [({'epsilon': -1}, {'epsilon': -1.0}), ({'epsilon': 0.5}, {'epsilon': 0.5}),
                   ({'epsilon': 0}, {'epsilon': 0.0})]
    p = Loss('polyLoss', poly, optax_poly)
    common_cases(p, poly_params, 3.0)
    extreme_cases(p, poly_params)
    p.write('optax.losses.poly_loss_cross_entropy')


if __name__ == '__main__':
    main()
