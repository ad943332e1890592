#!/usr/bin/env python3
"""Peer for src/bench/imaging.ts: load a CT and resample it to 1 mm on the IBSI centre-aligned grid with
scipy.ndimage.affine_transform (a diagonal matrix = the same mapping as resampleImage), order 1, mode
'nearest', output int16 (scipy's default: the input dtype). Prints one JSON line.

  imaging_peer.py FILE.nii.gz REPS      nibabel load (scaling, none here, applied by nibabel)
  imaging_peer.py --dicom DIR REPS      pydicom: read every file in DIR, sort the slices by
                                        ImagePositionPatient projected on the slice normal
                                        (row x column cosines), apply RescaleSlope/Intercept, stack
                                        into one int16 array; slice spacing from the positions
"""
import json
import math
import os
import resource
import sys
import time
import warnings

import nibabel as nib
import numpy as np
import pydicom
import scipy
from scipy import ndimage


def rss_mb():
    with open('/proc/self/statm') as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def load_nifti(path):
    """Array in (i, j, k) order and the voxel size along each array axis."""
    img = nib.load(path)
    arr = np.asanyarray(img.dataobj)
    return arr, img.header.get_zooms()[:3]


def load_dicom(folder):
    """Array in (k, j, i) order (slices, rows, columns) and the voxel size along each array axis."""
    slices = [pydicom.dcmread(os.path.join(folder, name)) for name in sorted(os.listdir(folder))]
    iop = np.array(slices[0].ImageOrientationPatient, dtype=float)
    normal = np.cross(iop[:3], iop[3:])
    slices.sort(key=lambda ds: float(np.dot(normal, np.array(ds.ImagePositionPatient, dtype=float))))
    pos = [float(np.dot(normal, np.array(ds.ImagePositionPatient, dtype=float))) for ds in slices]
    dz = float(np.median(np.diff(pos)))
    rows, cols = int(slices[0].Rows), int(slices[0].Columns)
    vol = np.empty((len(slices), rows, cols), dtype=np.int16)
    for k, ds in enumerate(slices):
        slope, inter = float(ds.RescaleSlope), float(ds.RescaleIntercept)
        px = ds.pixel_array
        if slope.is_integer() and inter.is_integer():
            vol[k] = px.astype(np.int32) * int(slope) + int(inter)
        else:  # not reached by the benchmark's series (slope 1, intercept -1024)
            vol[k] = np.rint(px * slope + inter)
    ps = [float(x) for x in slices[0].PixelSpacing]  # [row spacing, column spacing]
    del slices
    return vol, (dz, ps[0], ps[1])


def resample(arr, zooms):
    n_new = [math.ceil(n * s / 1.0 - 1e-9) for n, s in zip(arr.shape, zooms)]
    shift = [(s * (n - 1) - 1.0 * (m - 1)) / 2 for n, s, m in zip(arr.shape, zooms, n_new)]
    return ndimage.affine_transform(arr, [1.0 / s for s in zooms], offset=[sh / s for sh, s in zip(shift, zooms)],
                                    output_shape=n_new, output=np.int16, order=1, mode='nearest')


def main():
    warnings.simplefilter('ignore', UserWarning)  # affine_transform's note about 1-D matrices (we mean the diagonal)
    args = sys.argv[1:]
    dicom = args[0] == '--dicom'
    if dicom:
        args = args[1:]
    path, reps = args[0], int(args[1])
    baseline = rss_mb()
    loads, resamples, totals = [], [], []
    shape_out, checksum = None, None
    for r in range(reps + 1):  # first run is a warm-up, as in the TypeScript side
        t0 = time.perf_counter()
        arr, zooms = load_dicom(path) if dicom else load_nifti(path)
        t1 = time.perf_counter()
        out = resample(arr, zooms)
        t2 = time.perf_counter()
        shape_out = list(out.shape)
        if dicom:
            shape_out.reverse()  # report (i, j, k) like the other paths
        checksum = int(out.astype(np.int64).sum())
        del out, arr
        if r > 0:
            loads.append((t1 - t0) * 1000)
            resamples.append((t2 - t1) * 1000)
            totals.append((t2 - t0) * 1000)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({'nibabel': nib.__version__, 'pydicom': pydicom.__version__, 'scipy': scipy.__version__, 'numpy': np.__version__,
                      'load_ms': loads, 'resample_ms': resamples, 'total_ms': totals, 'shape_out': shape_out,
                      'checksum': checksum, 'baseline_rss_mb': baseline, 'peak_rss_mb': peak}))


if __name__ == '__main__':
    main()
