"""What every fixture generator writes numbers as: JSON numbers, and the strings "NaN", "Infinity",
"-Infinity" for the non-finite ones; float32 cases hold values representable in float32."""
import math

import numpy as np


def num(v):
    v = float(v)
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    return v


def nums(a):
    return [num(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def rounded(a, dtype):
    """Values representable in the case's dtype, as float64."""
    a = np.asarray(a, dtype=np.float64)
    return a.astype(np.float32).astype(np.float64) if dtype == 'float32' else a
