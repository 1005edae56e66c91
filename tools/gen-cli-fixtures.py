"""Fixtures of the command-line scorer (test/cli.test.ts): prediction files written by numpy (.npy, .npz), by
the safetensors layout (8-byte header length, JSON header, raw little-endian data; a few lines, as the format
asks), by the csv and json modules, and the metrics expected of them from PyTorch and scikit-learn, in float64
on the stored values. Arrow and Parquet copies come from tools/gen-cli-arrow.py (pyarrow), run after this one.
Run with /usr/bin/python3 (PyTorch, scikit-learn)."""
import csv
import json
import os
import struct
import zipfile

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics import accuracy_score, roc_auc_score, top_k_accuracy_score

from fixture_format import nums

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'cli')
rng = np.random.default_rng(14)

# multiclass: 48 rows of 5 float32 logits, int64 class indices, rows 3 and 17 ignored (-100)
N, C = 48, 5
logits = (rng.standard_normal((N, C)) * 2).astype(np.float32)
labels = rng.integers(0, C, N).astype(np.int64)
labels[[3, 17]] = -100
weight = np.array([1.0, 2.0, 0.5, 1.5, 1.0], dtype=np.float64)
# binary: 40 float32 logits, uint8 0/1 targets
bin_logits = (rng.standard_normal(40) * 1.5).astype(np.float32)
bin_labels = (rng.random(40) < 0.45).astype(np.uint8)
# regression: 30 float64 predictions and targets
pred = rng.standard_normal(30)
truth = pred + rng.standard_normal(30) * 0.5
# language-model layout: [B, T, V] float16 logits, [B, T] int32 targets
lm_logits = rng.standard_normal((3, 4, 6)).astype(np.float16)
lm_labels = rng.integers(0, 6, (3, 4)).astype(np.int32)


def path(name):
    return os.path.join(OUT, name)


def write_safetensors(name, tensors):
    header, offset, blobs = {}, 0, []
    for key, a in tensors.items():
        data = np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<')).tobytes()
        dtype = {'float32': 'F32', 'float64': 'F64', 'float16': 'F16', 'int64': 'I64', 'int32': 'I32', 'uint8': 'U8'}[a.dtype.name]
        header[key] = {'dtype': dtype, 'shape': list(a.shape), 'data_offsets': [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path(name), 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(blobs))


def write_npz_stored(name, arrays):
    """np.savez writes stored (uncompressed) members; written member by member for a fixed timestamp."""
    with zipfile.ZipFile(path(name), 'w', zipfile.ZIP_STORED) as z:
        for key, a in arrays.items():
            info = zipfile.ZipInfo(key + '.npy', date_time=(2026, 1, 1, 0, 0, 0))
            with z.open(info, 'w') as f:
                np.lib.format.write_array(f, a)


def write_npz_deflated(name, arrays):
    with zipfile.ZipFile(path(name), 'w', zipfile.ZIP_DEFLATED) as z:
        for key, a in arrays.items():
            info = zipfile.ZipInfo(key + '.npy', date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, 'w') as f:
                np.lib.format.write_array(f, a)


def write_csv(name, header, columns):
    with open(path(name), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        for row in zip(*columns):
            w.writerow([v if isinstance(v, str) else repr(float(v)) if isinstance(v, (float, np.floating)) else int(v) for v in row])


def write_jsonl(name, rows):
    with open(path(name), 'w') as f:
        for r in rows:
            f.write(json.dumps(r) + '\n')


def class_metrics(x, y, w=None, smoothing=0.0, k=3):
    x64 = torch.tensor(x.astype(np.float64))
    t = torch.tensor(y.astype(np.int64))
    keep = y != -100
    loss = F.cross_entropy(x64, t, weight=None if w is None else torch.tensor(w), label_smoothing=smoothing, ignore_index=-100)
    per = F.cross_entropy(x64, t, weight=None if w is None else torch.tensor(w), label_smoothing=smoothing, ignore_index=-100, reduction='none')
    nll = F.cross_entropy(x64[keep], t[keep])
    xs, ys = x.astype(np.float64)[keep], y[keep]
    return {
        'count': int(keep.sum()),
        'loss': float(loss),
        'perSample': nums(per.numpy()),
        'perplexity': float(torch.exp(nll)),
        'accuracy': float(accuracy_score(ys, xs.argmax(1))),
        'topK': float(top_k_accuracy_score(ys, xs, k=k, labels=list(range(x.shape[1])))),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    np.save(path('logits.npy'), logits)
    np.save(path('labels.npy'), labels)
    np.save(path('logits-f64.npy'), logits.astype(np.float64))
    np.save(path('logits-fortran.npy'), np.asfortranarray(logits))
    np.save(path('objects.npy'), np.array([1, 'a'], dtype=object), allow_pickle=True)
    np.save(path('logits-c4.npy'), logits[:, :4].copy())
    np.save(path('weight.npy'), weight)
    np.save(path('bad-labels.npy'), np.where(np.arange(N) == 7, C, labels).astype(np.int64))
    np.save(path('binary-logits.npy'), bin_logits)
    np.save(path('binary-labels.npy'), bin_labels)
    np.save(path('pred.npy'), pred)
    np.save(path('truth.npy'), truth)
    np.save(path('lm-logits.npy'), lm_logits)
    np.save(path('lm-labels.npy'), lm_labels)
    write_npz_stored('preds-stored.npz', {'logits': logits, 'labels': labels})
    write_npz_deflated('preds-deflated.npz', {'logits': logits, 'labels': labels})
    write_safetensors('preds.safetensors', {'logits': logits, 'labels': labels, 'lm': lm_logits})
    # an id column of strings: left out of the input when no columns are named (only numeric ones are read)
    write_csv('preds.csv', ['id'] + [f'c{c}' for c in range(C)] + ['label'], [[f'r{i}' for i in range(N)]] + [logits[:, c] for c in range(C)] + [labels])
    write_jsonl('preds.jsonl', [[float(v) for v in row] for row in logits])
    write_jsonl('labels.jsonl', [{'label': int(v)} for v in labels])
    with open(path('corrupt.npy'), 'wb') as f:
        f.write(b'\x93NUMPY\x01\x00' + b'\xff' * 10)

    xb = torch.tensor(bin_logits.astype(np.float64))
    yb = torch.tensor(bin_labels.astype(np.float64))
    expected = {
        'multiclass': class_metrics(logits, labels),
        'weighted': class_metrics(logits, labels, w=weight, smoothing=0.1),
        'lm': class_metrics(lm_logits.reshape(-1, 6), lm_labels.reshape(-1)),
        'binary': {
            'count': 40,
            'loss': float(F.binary_cross_entropy_with_logits(xb, yb)),
            'accuracy': float(accuracy_score(bin_labels, (bin_logits >= 0).astype(np.uint8))),
            'auroc': float(roc_auc_score(bin_labels, bin_logits.astype(np.float64))),
        },
        'regression': {
            'loss': float(F.mse_loss(torch.tensor(pred), torch.tensor(truth))),
            'huber': float(F.huber_loss(torch.tensor(pred), torch.tensor(truth))),
        },
    }
    with open(path('expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)
        f.write('\n')


main()
