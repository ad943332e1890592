#!/usr/bin/env python3
"""Peer for src/bench/imaging.ts: nibabel load of a .nii.gz + scipy.ndimage resampling to 1 mm on the
IBSI centre-aligned grid (affine_transform with a diagonal matrix = the same mapping as resampleImage),
order 1, mode 'nearest', output int16 (scipy's default: the input dtype). Prints one JSON line.

usage: imaging_peer.py FILE REPS
"""
import json
import warnings
import math
import resource
import sys
import time

import nibabel as nib
import numpy as np
import scipy
from scipy import ndimage


def rss_mb():
    with open('/proc/self/statm') as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


warnings.simplefilter('ignore', UserWarning)  # affine_transform's note about 1-D matrices (we mean the diagonal)
path, reps = sys.argv[1], int(sys.argv[2])
baseline = rss_mb()
loads, resamples, totals = [], [], []
shape_out = None
for r in range(reps + 1):  # first run is a warm-up, as in the TypeScript side
    t0 = time.perf_counter()
    img = nib.load(path)
    arr = np.asanyarray(img.dataobj)  # int16, scaling (none here) applied by nibabel
    t1 = time.perf_counter()
    zooms = img.header.get_zooms()[:3]
    n_new = [math.ceil(n * s / 1.0 - 1e-9) for n, s in zip(arr.shape, zooms)]
    shift = [(s * (n - 1) - 1.0 * (m - 1)) / 2 for n, s, m in zip(arr.shape, zooms, n_new)]
    out = ndimage.affine_transform(arr, [1.0 / s for s in zooms], offset=[sh / s for sh, s in zip(shift, zooms)],
                                   output_shape=n_new, output=np.int16, order=1, mode='nearest')
    t2 = time.perf_counter()
    shape_out = list(out.shape)
    checksum = int(out.astype(np.int64).sum())
    del out, arr, img
    if r > 0:
        loads.append((t1 - t0) * 1000)
        resamples.append((t2 - t1) * 1000)
        totals.append((t2 - t0) * 1000)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({'nibabel': nib.__version__, 'scipy': scipy.__version__, 'numpy': np.__version__,
                  'load_ms': loads, 'resample_ms': resamples, 'total_ms': totals, 'shape_out': shape_out,
                  'checksum': checksum, 'baseline_rss_mb': baseline, 'peak_rss_mb': peak}))
