"""The Arrow IPC (Feather v2) and Parquet copies of the command-line scorer's multiclass fixture, written by
pyarrow with its defaults (Feather: LZ4_FRAME-compressed; one file ZSTD; Parquet: snappy), from the .npy files
tools/gen-cli-fixtures.py wrote. Run with a python that has pyarrow and numpy (e.g. PYTHONPATH=DIR python3
where `python3 -m pip install --target DIR pyarrow`)."""
import os

import numpy as np
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'cli')
logits = np.load(os.path.join(OUT, 'logits.npy'))
labels = np.load(os.path.join(OUT, 'labels.npy'))
N, C = logits.shape

table = pa.table({
    'logits': pa.FixedSizeListArray.from_arrays(pa.array(logits.ravel()), C),
    'ragged': pa.array([list(map(float, row)) for row in logits], type=pa.list_(pa.float32())),
    'label': pa.array(labels),
})
# two record batches, to read across a batch boundary
batches = table.to_batches(max_chunksize=20)
feather.write_feather(pa.Table.from_batches(batches), os.path.join(OUT, 'preds.arrow'))  # LZ4_FRAME by default
feather.write_feather(pa.Table.from_batches(batches), os.path.join(OUT, 'preds-zstd.arrow'), compression='zstd')
pq.write_table(table, os.path.join(OUT, 'preds.parquet'), row_group_size=20)
