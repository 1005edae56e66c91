#!/usr/bin/env python3
"""Writes test/fixtures/{generalized,distance,complete}BoxIouLoss.json: torchvision 0.14's box losses.

Each case holds two sets of boxes [N, 4] as (x1, y1, x2, y2), flattened (float32-rounded for float32 cases), and
for every reduction the loss and the gradients for both sets through torchvision's own autograd, computed in
float64. For 'none' the gradients are those of the sum, or of Σ gradOutput·loss where a case has gradOutput.
Degenerate (zero-area) boxes are kept only where torchvision's loss and gradients are finite.
Run with Debian's python3-torchvision: /usr/bin/python3 tools/gen-box-fixtures.py
"""
import json
import os

import numpy as np
import torch
import torchvision
from torchvision.ops import complete_box_iou_loss, distance_box_iou_loss, generalized_box_iou_loss
from fixture_format import num, nums, rounded

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures')
REDUCTIONS = ['mean', 'sum', 'none']
DTYPES = ['float32', 'float64']
LOSSES = {
    'generalizedBoxIouLoss': generalized_box_iou_loss,
    'distanceBoxIouLoss': distance_box_iou_loss,
    'completeBoxIouLoss': complete_box_iou_loss,
}
# counts around the float32 (4) and float64 (2) vector widths, odd ones, and a larger one
SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 257]


def t64(a):
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=torch.float64).reshape(-1, 4)


def run(fn, b1, b2, go):
    """Loss for every reduction and the gradients for both sets of boxes."""
    out = {}
    for red in REDUCTIONS:
        a, b = t64(b1).requires_grad_(True), t64(b2).requires_grad_(True)
        loss = fn(a, b, reduction=red)
        if red == 'none':
            (loss * (torch.tensor(go, dtype=torch.float64) if go is not None else 1)).sum().backward()
        else:
            loss.backward()
        ga = a.grad if a.grad is not None else torch.zeros_like(a)
        gb = b.grad if b.grad is not None else torch.zeros_like(b)
        out[red] = {'loss': nums(loss.detach()) if red == 'none' else num(loss.item()), 'grad': nums(ga), 'grad2': nums(gb)}
    return out


def finite(expected):
    vals = [v for r in expected.values() for k in ('loss', 'grad', 'grad2') for v in np.ravel(r[k])]
    return all(isinstance(v, float) for v in vals)


def case(cid, dt, b1, b2, fn, go=None):
    b1, b2 = rounded(b1, dt), rounded(b2, dt)
    c = {'id': cid, 'dtype': dt, 'input': nums(b1), 'input2': nums(b2), 'target': None, 'options': {}}
    if go is not None:
        c['gradOutput'] = nums(rounded(go, dt))
        go = rounded(go, dt)
    c['expected'] = run(fn, b1, b2, go)
    return c


def random_boxes(rng, n, spread):
    """n boxes with corners in [0, 10) and sides in [0.5, 5), and n more near them (offsets of `spread`)."""
    xy = rng.uniform(0, 10, (n, 2))
    wh = rng.uniform(0.5, 5, (n, 2))
    b1 = np.concatenate([xy, xy + wh], axis=1)
    b2 = b1 + rng.normal(0, spread, (n, 4))
    b2[:, 2:] = np.maximum(b2[:, 2:], b2[:, :2] + 0.1)  # x1 < x2, y1 < y2
    return b1, b2


# Boxes in exact binary fractions, so that float32 keeps their ties. The gradients of identical boxes are sums of
# terms of order 1/area that cancel down to order eps/area²: the case ends with an ordinary pair, so that its arrays
# carry the scale of those terms (test/helpers/tolerance.ts's floor), as an array of several pairs does.
IDENTICAL = [[0, 0, 1, 1], [1.5, 2, 4, 3.25], [-3, -1, 2, 5], [10, 10, 10.5, 12], [0.25, 0.5, 0.75, 8]]
ORDINARY = ([[0, 0, 2, 2]], [[1, 0.5, 3, 3]])
DISJOINT = (
    [[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 2, 3], [5, 5, 6, 8], [0, 0, 1, 1], [-4, -4, -2, -1]],
    [[3, 0, 4, 1], [0, 2, 1, 3], [4, 5, 6, 9], [0, 0, 1, 1], [2, 3, 3, 4], [10, 12, 11, 13]],
)
EDGE_SHARING = (  # a shared edge (the intersection clamped at exactly 0), a shared corner, shared sides
    [[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 2, 2], [1, 1, 3, 2], [0, 0, 2, 1], [0, 0, 4, 4], [2, 0, 3, 3]],
    [[1, 0, 2, 1], [0, 1, 1, 2], [2, 2, 3, 3], [0, 0.5, 1, 1.5], [1, 0, 3, 1], [0, 0, 2, 4], [2, 1, 3, 2]],
)
NESTED = (
    [[0, 0, 4, 4], [1, 1, 2, 2], [0, 0, 8, 2], [-2, -2, 2, 2], [0, 0, 3, 3]],
    [[1, 1, 2, 3], [0, 0, 4, 4], [2, 0.5, 3, 1.5], [-1, -1, 1, 1], [0, 0, 1, 1]],
)
DEGENERATE = (  # zero width, zero height, points, both boxes degenerate
    [[0, 0, 0, 2], [0, 0, 2, 0], [1, 1, 1, 1], [0, 0, 0, 1], [0, 0, 1, 1], [0, 0, 0, 3], [2, 2, 2, 2]],
    [[0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 2, 2], [0, 0, 0, 1], [0.5, 0.5, 0.5, 0.5], [1, 0, 1, 3], [2, 2, 2, 2]],
)


def cases_of(fn, rng):
    cases = []
    for dt in DTYPES:
        for n in SIZES:
            b1, b2 = random_boxes(rng, n, 1.5)
            cases.append(case(f'n{n}', dt, b1, b2, fn))
        cases.append(case('identical', dt, IDENTICAL + ORDINARY[0], IDENTICAL + ORDINARY[1], fn))
        cases.append(case('disjoint', dt, *DISJOINT, fn))
        cases.append(case('edge-sharing', dt, *EDGE_SHARING, fn))
        cases.append(case('nested', dt, *NESTED, fn))
        b1, b2 = random_boxes(rng, 7, 0.3)
        cases.append(case('near-identical', dt, b1, b2, fn))
        b1, b2 = random_boxes(rng, 9, 8)
        cases.append(case('far-apart', dt, b1, b2, fn))
        for i in range(len(DEGENERATE[0])):
            c = case(f'degenerate-{i}', dt, [DEGENERATE[0][i]], [DEGENERATE[1][i]], fn)
            if finite(c['expected']):
                cases.append(c)
        b1, b2 = random_boxes(rng, 6, 1.5)
        cases.append(case('gradOutput', dt, b1, b2, fn, go=rng.normal(0, 1, 6)))
        cases.append(case('empty', dt, np.zeros((0, 4)), np.zeros((0, 4)), fn))
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, fn in LOSSES.items():
        rng = np.random.default_rng(20261130)
        cases = cases_of(fn, rng)
        with open(os.path.join(OUT, name + '.json'), 'w') as f:
            json.dump({'function': name, 'generator': 'tools/gen-box-fixtures.py', 'torch': torch.__version__,
                       'torchvision': torchvision.__version__, 'cases': cases}, f, separators=(',', ':'))
        print(f'{name}: {len(cases)} cases')


if __name__ == '__main__':
    main()
