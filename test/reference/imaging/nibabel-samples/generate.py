#!/usr/bin/env python3
"""Expected header facts, affines and voxel values of the nibabel sample NIfTI files, as nibabel reports them.

Run from the repository root with Debian's python3-nibabel (5.0.0):
    /usr/bin/python3 test/reference/imaging/nibabel-samples/generate.py
Reads ../shared/reference/imaging/nibabel/*.nii(.gz); writes expected.json beside this script.
"""
import hashlib
import json
import os
import sys

import nibabel as nib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, '..', '..', '..', '..', '..', 'shared', 'reference', 'imaging', 'nibabel')
FILES = ['anatomical.nii', 'functional.nii', 'example4d.nii.gz', 'standard.nii.gz', 'example_nifti2.nii.gz']


def affine34(a):
    return [float(x) for x in np.asarray(a)[:3, :].ravel()]


def spot_indices(shape):
    nx, ny, nz = shape[:3]
    pts = {(0, 0, 0), (nx - 1, ny - 1, nz - 1), (nx // 2, ny // 2, nz // 2), (nx - 1, 0, nz // 3), (1 % nx, ny - 1, 0)}
    rng = np.random.default_rng(20261127)
    for _ in range(7):
        pts.add((int(rng.integers(nx)), int(rng.integers(ny)), int(rng.integers(nz))))
    return sorted(pts)


cases = []
for name in FILES:
    path = os.path.join(SRC, name)
    img = nib.load(path)
    hdr = img.header
    data = img.get_fdata()  # float64, scl_slope/inter applied
    frames = [data] if data.ndim == 3 else [data[..., t] for t in range(data.shape[3])]
    # nibabel moves scl_slope/scl_inter from the header into the array proxy when loading.
    slope, inter = float(img.dataobj.slope), float(img.dataobj.inter)
    case = {
        'file': name,
        'sha256': hashlib.sha256(open(path, 'rb').read()).hexdigest(),
        'header_class': type(hdr).__name__,
        'shape': [int(s) for s in img.shape],
        'dtype': str(hdr.get_data_dtype().newbyteorder('=')),
        'sform_code': int(hdr['sform_code']),
        'qform_code': int(hdr['qform_code']),
        'pixdim': [float(x) for x in hdr['pixdim']],
        'xyzt_units': [str(u) for u in hdr.get_xyzt_units()],
        'scl_slope': slope,
        'scl_inter': inter,
        'affine_ras': affine34(img.affine),
        'qform_ras': affine34(hdr.get_qform()),
        'axcodes_ras': ''.join(nib.aff2axcodes(img.affine)),
        'frames': [],
    }
    for t, f in enumerate(frames[:2]):
        case['frames'].append({
            'frame': t,
            'sum': float(f.sum()),
            'min': float(f.min()),
            'max': float(f.max()),
            'nonzero': int(np.count_nonzero(f)),
            'spots': [{'ijk': list(p), 'value': float(f[p])} for p in spot_indices(f.shape)],
        })
    cases.append(case)

out = {
    'description': 'nibabel view of the shared sample NIfTI files: img.affine (get_best_affine: sform if sform_code != 0, else qform), get_fdata() values (scaling applied) at voxel indices, per-frame sums.',
    'tool': {'nibabel': nib.__version__, 'numpy': np.__version__, 'python': sys.version.split()[0]},
    'call': 'img = nibabel.load(path); img.affine; img.header.get_qform(); img.get_fdata()[i, j, k(, t)]',
    'tolerance': {
        'affine_abs': 1e-5,
        'affine_reason': 'srow/quaternion are float32 in NIfTI-1; both read the same floats, remaining differences are float64 arithmetic order',
        'qform_abs': 2e-4,
        'qform_reason': 'example4d/example_nifti2 store b^2+c^2+d^2 = 1 - 1.0e-9: readNifti follows nifti1_io (1 - (b^2+c^2+d^2) < 1e-7 -> a = 0, b,c,d renormalised), nibabel keeps a = 3.2e-5, so qform entries that are 0 in one differ by up to 1.4e-4 (times pixdim); sform is used for geometry in these files',
        'value_abs': 0,
        'value_rel_scaled': 1e-7,
        'sum_rel': 1e-12,
        'sum_rel_scaled': 1e-7,
        'value_reason': 'unscaled integer voxels are exact; scaled files (scl_slope != 1) are returned by readNifti as float32 (documented), so values agree to float32 rounding (< 6e-8 relative)',
    },
    'cases': cases,
}
with open(os.path.join(HERE, 'expected.json'), 'w') as fh:
    json.dump(out, fh, indent=1)
print('wrote', len(cases), 'cases')
