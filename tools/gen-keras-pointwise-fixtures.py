#!/usr/bin/env python3
"""Writes test/fixtures/<function>.json for the element-wise losses beyond PyTorch taken from Keras 3:
meanAbsolutePercentageError, meanSquaredLogarithmicError, hingeLoss, squaredHingeLoss.

Each loss is transcribed here in float64 JAX (Keras computes some of them in float32 or with log(m + 1) where
this uses log1p), and the transcription is checked against Keras itself on every case: the per-element losses
(Keras's mean over a last axis of length 1) and, away from the kinks, jax.grad through Keras. The expected
values are the transcription's, in float64 on the case's (float32-rounded) inputs; gradients are jax.grad of it
for every reduction ('none': of Σ gradOutput·loss). At the kinks the transcription states losskit's choice with
a custom JVP: |d| has gradient sign(d) (0 at d = 0 and for NaN, as l1Loss), max(x, ε) passes the gradient where x >= ε
(PyTorch's clamp_min), and the hinge's max(u, 0) has gradient 0 at u = 0 (relu's). Keras's JAX backend gives
1 at |0| and splits max ties in half; those points are left out of the gradient check against Keras only.
Same format as tools/gen-fixtures.py (tools/fixture_format.py). Run with Keras 3 on JAX:
KERAS_BACKEND=jax PYTHONPATH=/work/.pydeps python3 tools/gen-keras-pointwise-fixtures.py
"""
import json
import os

import jax

jax.config.update('jax_enable_x64', True)
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
from fixture_format import num, nums, rounded  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures')
SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 1000, 4099]
REDUCTIONS = ['mean', 'sum', 'none']
DTYPES = ['float32', 'float64']
EPS = 1e-7  # keras.config.epsilon()
rng = np.random.default_rng(20261130)


# ---- the transcriptions (float64), with losskit's gradient at the kinks ------------------------------------
@jax.custom_jvp
def abs_sign(d):
    """|d|, gradient sign(d) as torch.sign: 0 at d = 0 and for NaN."""
    return jnp.abs(d)


@abs_sign.defjvp
def _abs_sign_jvp(primals, tangents):
    (d,), (t,) = primals, tangents
    return jnp.abs(d), ((d > 0).astype(d.dtype) - (d < 0).astype(d.dtype)) * t


@jax.custom_jvp
def clamp_eps(x):
    """max(x, ε) (NaN stays NaN, as jnp.maximum), gradient passing where x >= ε: PyTorch's clamp_min."""
    return jnp.maximum(x, EPS)


@clamp_eps.defjvp
def _clamp_eps_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    return jnp.maximum(x, EPS), jnp.where(x >= EPS, t, 0.0)


@jax.custom_jvp
def relu(u):
    """max(u, 0) (NaN stays NaN), gradient where u > 0: 0 at the kink."""
    return jnp.maximum(u, 0.0)


@relu.defjvp
def _relu_jvp(primals, tangents):
    (u,), (t,) = primals, tangents
    return jnp.maximum(u, 0.0), jnp.where(u > 0, t, 0.0)


def hinge_targets(y):
    """Keras's convert_binary_labels_to_hinge, per call: every target 0 or 1 → 2y - 1, else as given."""
    return 2.0 * y - 1.0 if np.all((y == 0) | (y == 1)) else y


def mape(x, y):
    return 100.0 * abs_sign((y - x) / jnp.maximum(jnp.abs(y), EPS))


def msle(x, y):
    return (jnp.log1p(clamp_eps(x)) - jnp.log1p(jnp.maximum(y, EPS))) ** 2


def hinge(x, y):
    return relu(1.0 - hinge_targets(y) * x)


def squared_hinge(x, y):
    return relu(1.0 - hinge_targets(y) * x) ** 2


# name → (transcription, Keras's loss, the points where Keras's gradient is its own choice at a kink)
def mape_kinks(x, y):
    return x == y


def msle_kinks(x, y):
    return x == EPS


def hinge_kinks(x, y):
    return 1.0 - hinge_targets(y) * x == 0


LOSSES = {
    'meanAbsolutePercentageError': (mape, keras.losses.mean_absolute_percentage_error, mape_kinks),
    'meanSquaredLogarithmicError': (msle, keras.losses.mean_squared_logarithmic_error, msle_kinks),
    'hingeLoss': (hinge, keras.losses.hinge, hinge_kinks),
    'squaredHingeLoss': (squared_hinge, keras.losses.squared_hinge, hinge_kinks),
}


# ---- the check against Keras --------------------------------------------------------------------------------
def check_against_keras(name, dtype, x, y):
    """The transcription's per-element losses equal Keras's, and its gradient Keras's away from the kinks."""
    f, keras_loss, kinks = LOSSES[name]
    if len(x) == 0:
        return
    np_dt = np.float32 if dtype == 'float32' else np.float64
    xs, ys = x.astype(np_dt).reshape(-1, 1), y.astype(np_dt).reshape(-1, 1)
    ours = np.asarray(f(jnp.asarray(x), jnp.asarray(y)))
    theirs = np.asarray(keras_loss(ys, xs), dtype=np.float64)
    # Keras in float32 rounds each step (and MSLE's log(m + 1) drops the digits of a small m): within float32
    # rounding of the terms, relative to the largest finite loss of the case. On float64 input Keras 3's
    # ops.mean on JAX still returns float32-rounded values (observed: mean([0.3]) = 0.30000001192092896), so
    # there the check is to float32's unit roundoff.
    finite = np.isfinite(ours)
    scale = np.max(np.abs(ours[finite]), initial=0.0)
    rtol = 1e-5 if dtype == 'float32' else 1.2e-7
    atol = rtol * scale
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=atol, equal_nan=True, err_msg=f'{name} {dtype} loss')
    g_ours = np.asarray(jax.grad(lambda v: jnp.sum(f(v, jnp.asarray(y))))(jnp.asarray(x)))
    g_theirs = np.asarray(jax.grad(lambda v: jnp.sum(keras_loss(jnp.asarray(ys), v)))(jnp.asarray(xs)), dtype=np.float64).ravel()
    # (at a NaN input the gradient is a convention too: JAX's |NaN| has gradient -1, torch.sign(NaN) is 0)
    away = ~kinks(x, y) & ~np.isnan(x) & np.isfinite(g_ours) & np.isfinite(g_theirs)
    gscale = np.max(np.abs(g_ours[away]), initial=0.0)
    np.testing.assert_allclose(g_ours[away], g_theirs[away], rtol=rtol, atol=rtol * gscale, err_msg=f'{name} {dtype} grad')


# ---- cases --------------------------------------------------------------------------------------------------
def run(f, x, y, go):
    """Loss for every reduction and the gradient with respect to x, in float64."""
    out = {}
    yj = jnp.asarray(y)
    for red in REDUCTIONS:
        if red == 'none':
            loss = f(jnp.asarray(x), yj)
            weights = jnp.asarray(go) if go is not None else jnp.ones(len(x))
            grad = jax.grad(lambda v: jnp.sum(f(v, yj) * weights))(jnp.asarray(x))
            out[red] = {'loss': nums(loss), 'grad': nums(grad)}
        else:
            reduce = jnp.mean if red == 'mean' else jnp.sum
            loss = reduce(f(jnp.asarray(x), yj))
            grad = jax.grad(lambda v: reduce(f(v, yj)))(jnp.asarray(x)) if len(x) else jnp.zeros(0)
            out[red] = {'loss': num(loss), 'grad': nums(grad)}
    return out


def case(name, cid, dtype, x, y, go=None, target_kind=None):
    x, y = rounded(x, dtype), rounded(y, dtype)
    check_against_keras(name, dtype, x, y)
    c = {'id': cid, 'dtype': dtype, 'input': nums(x), 'target': nums(y), 'options': {}}
    if target_kind is not None:
        c['targetKind'] = target_kind
    if go is not None:
        c['gradOutput'] = nums(rounded(go, dtype))
    c['expected'] = run(LOSSES[name][0], x, y, None if go is None else rounded(go, dtype))
    return c


def randn(n, scale=1.0):
    return rng.standard_normal(n) * scale


def signs(n):
    return rng.choice([-1.0, 1.0], n)


def common(name, dt, make):
    """The sizes (1 element, odd sizes, the SIMD tiles' boundaries, blocks), gradOutput and empty."""
    cases = [case(name, f'n{n}', dt, *make(n)) for n in SIZES]
    x, y = make(9)
    cases.append(case(name, 'gradOutput', dt, x, y, go=randn(9)))
    cases.append(case(name, 'empty', dt, np.zeros(0), np.zeros(0)))
    return cases


def mape_cases(dt):
    name = 'meanAbsolutePercentageError'

    def make(n):
        x, y = randn(n, 2), randn(n, 2)
        y[1::4] = x[1::4]  # equality: gradient 0
        return x, y
    cases = common(name, dt, make)
    # y = 0 and |y| below ε (the loss is 1e9·|x|), -0, x = y = 0, large, negative targets
    x = [0.5, -2.0, 1e-3, 0.0, 3.0, 1e4, -7.0, 2.0, 1e-8]
    y = [0.0, -0.0, 1e-8, 0.0, -1e-9, 1e4, -3.5, -2.0, 0.0]
    cases.append(case(name, 'zero-target', dt, x, y))
    big = 1e30  # (Keras's float32 mean would overflow a float64-only value)
    x = [np.nan, 1.0, np.inf, 1.0, big, -big, 5.0]
    y = [1.0, np.nan, 2.0, np.inf, 1.0, 3.0, -np.inf]
    cases.append(case(name, 'nonfinite', dt, x, y))
    return cases


def msle_cases(dt):
    name = 'meanSquaredLogarithmicError'

    def make(n):
        return randn(n, 2), rng.uniform(0, 5, n)  # about half the inputs negative: clamped to ε, gradient 0
    cases = common(name, dt, make)
    # negative x (clamped to ε: gradient 0), x = 0, x below and above ε, negative and zero targets, large
    x = [-1.0, -1e4, 0.0, 1e-9, 2e-7, 1e-3, 3.0, 1e4, 2.5, -0.0]
    y = [2.0, 0.5, 1.0, 0.0, -3.0, 1e-3, 3.0, 0.0, -1.0, 0.0]
    cases.append(case(name, 'negative', dt, x, y))
    x = [np.nan, 1.0, np.inf, 2.0, -np.inf]
    y = [1.0, np.nan, 2.0, np.inf, 1.0]
    cases.append(case(name, 'nonfinite', dt, x, y))
    return cases


def hinge_cases(name, dt):
    cases = common(name, dt, lambda n: (randn(n, 1.5), signs(n)))  # targets ±1
    for n in [1, 4, 5, 17, 33]:  # targets 0/1, read as 2y - 1
        cases.append(case(name, f'binary-n{n}', dt, randn(n, 1.5), rng.integers(0, 2, n).astype(np.float64)))
    # margin exactly 0 (gradient 0 there), with ±1 targets and with 0/1 targets
    x = [1.0, -1.0, 0.5, 2.0, -0.25, 1.0, -1.0]
    cases.append(case(name, 'kink-signs', dt, x, [1.0, -1.0, 1.0, -1.0, -1.0, -1.0, 1.0]))
    cases.append(case(name, 'kink-binary', dt, x, [1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]))
    # a single target outside {0, 1} keeps them all as given: 0 stays 0 (loss 1), 0.5 halves the margin
    cases.append(case(name, 'mixed', dt, [0.3, -2.0, 1.5, 4.0, -1.0], [0.0, 1.0, -1.0, 0.5, 0.0]))
    cases.append(case(name, 'all-ones', dt, [0.3, 2.0, -1.5], [1.0, 1.0, 1.0]))  # 0/1 as well: stays 1
    cases.append(case(name, 'all-zeros', dt, [0.3, -2.0, 1.5], [0.0, 0.0, 0.0]))  # → -1
    # integer targets (as PyTorch takes them where ±1 is meant), ±1 and 0/1
    cases.append(case(name, 'int-signs', dt, randn(9, 1.5), signs(9), target_kind='index'))
    cases.append(case(name, 'int-binary', dt, randn(9, 1.5), rng.integers(0, 2, 9).astype(np.float64), target_kind='index'))
    x = [np.nan, np.inf, -np.inf, 1e4, -1e4]
    cases.append(case(name, 'nonfinite', dt, x, [1.0, 1.0, 1.0, -1.0, 1.0]))
    return cases


def write(name, cases):
    with open(os.path.join(OUT, name + '.json'), 'w') as f:
        json.dump({'function': name, 'generator': 'tools/gen-keras-pointwise-fixtures.py', 'keras': keras.__version__,
                   'jax': jax.__version__, 'cases': cases}, f, separators=(',', ':'))
    print(f'{name}: {len(cases)} cases')


def main():
    write('meanAbsolutePercentageError', [c for dt in DTYPES for c in mape_cases(dt)])
    write('meanSquaredLogarithmicError', [c for dt in DTYPES for c in msle_cases(dt)])
    for name in ['hingeLoss', 'squaredHingeLoss']:
        write(name, [c for dt in DTYPES for c in hinge_cases(name, dt)])


if __name__ == '__main__':
    main()
