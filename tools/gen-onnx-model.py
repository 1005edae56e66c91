#!/usr/bin/env python3
"""Writes test/fixtures/onnx/: two small ONNX models and the references the runtime tests compare losskit with.

classifier.onnx: x [64, 16] float32 -> MatMul + Add -> logits [64, 10] float32, and the same logits Cast to
float16 (logits_f16), the output type that exercises losskit's half-precision path.
lm-head.onnx: h [2, 5, 8] float32 -> MatMul + Add -> logits [2, 5, 7], classes last as a language model's.

The weights and inputs come from a fixed seed; the labels are mostly the model's own argmax (so accuracy is
neither 0 nor 1) and int64, as PyTorch and ONNX exports give them. Every reference is computed from the float64
logits (numpy, from the float32 weights and inputs) with PyTorch (cross_entropy, its gradient, softmax) and
scikit-learn (accuracy, top-k, AUROC, average precision, precision/recall/F1); what they lack (expected
calibration error and its bins, multiclass Brier score) from the definitions. The runtimes compute in float32,
so the tests compare with float32 tolerances.
Run with Debian's python3-onnx, python3-torch and python3-sklearn: /usr/bin/python3 tools/gen-onnx-model.py
"""
import json
import math
import os

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper
from sklearn import metrics as skm

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'onnx')
rng = np.random.default_rng(20261130)
N, D, C = 64, 16, 10            # classifier: rows, features, classes
B, T, H, V = 2, 5, 8, 7         # language-model head: batch, tokens, hidden, vocabulary
IGNORE = -100
BINS = 15
TOPK = 3


def f32(shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def linear_model(name, x_shape, w, b, f16_output):
    """MatMul + Add as an ONNX model (opset 17, IR 8 so older runtimes load it too); the first dimension is
    symbolic, so the tests can also run the model on a batch of the rows."""
    x_shape = ['batch'] + list(x_shape[1:])
    y_shape = x_shape[:-1] + [w.shape[1]]
    nodes = [helper.make_node('MatMul', ['x', 'W'], ['xw']), helper.make_node('Add', ['xw', 'b'], ['logits'])]
    outputs = [helper.make_tensor_value_info('logits', TensorProto.FLOAT, y_shape)]
    if f16_output:
        nodes.append(helper.make_node('Cast', ['logits'], ['logits_f16'], to=TensorProto.FLOAT16))
        outputs.append(helper.make_tensor_value_info('logits_f16', TensorProto.FLOAT16, y_shape))
    graph = helper.make_graph(nodes, name, [helper.make_tensor_value_info('x', TensorProto.FLOAT, x_shape)], outputs,
                              initializer=[numpy_helper.from_array(w, 'W'), numpy_helper.from_array(b, 'b')])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)], producer_name='losskit tools/gen-onnx-model.py')
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def labels_near(logits, keep):
    """The argmax of each row, replaced by a random class in about 1 - keep of the rows."""
    y = logits.argmax(axis=-1)
    swap = rng.random(y.shape) > keep
    return np.where(swap, rng.integers(0, logits.shape[-1], y.shape), y).astype(np.int64)


def calibration(conf, hit, bins):
    """Expected calibration error (l1) over equal-width bins [k/bins, (k+1)/bins), and the bins (empty: null)."""
    idx = np.minimum(np.floor(conf * bins).astype(int), bins - 1)
    out, ece = [], 0.0
    for k in range(bins):
        m = idx == k
        n = int(m.sum())
        c = float(conf[m].mean()) if n else None
        a = float(hit[m].mean()) if n else None
        if n:
            ece += n / len(conf) * abs(c - a)
        out.append({'lower': k / bins, 'upper': (k + 1) / bins, 'count': n, 'confidence': c, 'accuracy': a})
    return ece, out


def classifier_references(logits, y):
    x = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    t = torch.tensor(y)
    loss = F.cross_entropy(x, t)
    loss.backward()
    p = F.softmax(x, dim=1).detach().numpy()
    pred = p.argmax(axis=1)
    conf = p.max(axis=1)
    ece, bins = calibration(conf, (pred == y).astype(float), BINS)
    onehot = np.eye(C)[y]
    labels = list(range(C))
    return {
        'loss': loss.item(),
        'lossNone': flat(F.cross_entropy(x.detach(), t, reduction='none')),
        'grad': flat(x.grad),
        'softmax': flat(p),
        'perplexity': math.exp(loss.item()),
        'accuracy': skm.accuracy_score(y, pred),
        'topK': skm.top_k_accuracy_score(y, p, k=TOPK, labels=labels),
        'calibrationError': ece,
        'reliability': bins,
        'brierScore': float(((p - onehot) ** 2).sum(axis=1).mean()),
        'auroc': skm.roc_auc_score(y, p, multi_class='ovr', average='macro', labels=labels),
        'averagePrecision': skm.average_precision_score(onehot, p, average='macro'),
        'precision': skm.precision_score(y, pred, average='macro', labels=labels, zero_division=0),
        'recall': skm.recall_score(y, pred, average='macro', labels=labels, zero_division=0),
        'f1Score': skm.f1_score(y, pred, average='macro', labels=labels, zero_division=0),
    }


def lm_references(logits, y):
    """Classes last: PyTorch's cross_entropy over the flattened tokens, ignored tokens left out."""
    x = torch.tensor(logits.reshape(-1, V), dtype=torch.float64)
    t = torch.tensor(y.reshape(-1))
    loss = F.cross_entropy(x, t, ignore_index=IGNORE).item()
    keep = y.reshape(-1) != IGNORE
    pred = logits.reshape(-1, V).argmax(axis=1)
    return {
        'loss': loss,
        'perplexity': math.exp(loss),
        'accuracy': skm.accuracy_score(y.reshape(-1)[keep], pred[keep]),
        'logSoftmax': flat(F.log_softmax(torch.tensor(logits, dtype=torch.float64), dim=-1)),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    x, w, b = f32((N, D)), f32((D, C), 0.6), f32((C,), 0.3)
    logits = x.astype(np.float64) @ w.astype(np.float64) + b
    y = labels_near(logits, keep=0.6)
    assert len(set(y.tolist())) == C, 'AUROC needs every class among the labels: change the seed'

    h, w2, b2 = f32((B, T, H)), f32((H, V), 0.7), f32((V,), 0.2)
    lm_logits = h.astype(np.float64) @ w2.astype(np.float64) + b2
    lm_y = labels_near(lm_logits, keep=0.5)
    lm_y[1, -1] = IGNORE  # a padding token, left out of every reference

    onnx.save(linear_model('classifier', (N, D), w, b, f16_output=True), os.path.join(OUT, 'classifier.onnx'))
    onnx.save(linear_model('lm_head', (B, T, H), w2, b2, f16_output=False), os.path.join(OUT, 'lm-head.onnx'))

    # float16 output: the float64 logits rounded to half precision, as the model's Cast does (to within the
    # float32 rounding of the logits before it)
    logits16 = logits.astype(np.float16).astype(np.float64)
    ref = {
        'note': 'written by tools/gen-onnx-model.py; references in float64 from the float32 weights and inputs',
        'classifier': {
            'shape': [N, C], 'topK': TOPK, 'bins': BINS,
            'x': flat(x), 'labels': [int(v) for v in y], 'logits': flat(logits),
            'expected': classifier_references(logits, y),
            'float16': {'logits': flat(logits16), 'loss': F.cross_entropy(torch.tensor(logits16), torch.tensor(y)).item(),
                        'accuracy': skm.accuracy_score(y, logits16.argmax(axis=1))},
        },
        'lmHead': {
            'shape': [B, T, V], 'ignoreIndex': IGNORE,
            'h': flat(h), 'labels': [int(v) for v in lm_y.ravel()], 'logits': flat(lm_logits),
            'expected': lm_references(lm_logits, lm_y),
        },
    }
    with open(os.path.join(OUT, 'references.json'), 'w') as f:
        json.dump(ref, f, indent=1, allow_nan=False)
        f.write('\n')


if __name__ == '__main__':
    main()
