#!/bin/sh
# JPEG lossless fixtures made with DCMTK (Debian package dcmtk 3.6.7) from pydicom's CT_small.dcm
# (../shared/reference/imaging/pydicom, MIT): process 14 selection value 1 (1.2.840.10008.1.2.4.70)
# and process 14 (1.2.840.10008.1.2.4.57). Decoded pixels must equal the uncompressed original.
set -e
SRC=../../../../../shared/reference/imaging/pydicom/CT_small.dcm
dcmcjpeg +e1 "$SRC" ct_small_jpeg_lossless_sv1.dcm
dcmcjpeg +e14 +sv 6 "$SRC" ct_small_jpeg_lossless_p14.dcm 2>/dev/null || dcmcjpeg +el "$SRC" ct_small_jpeg_lossless_p14.dcm
dcmcjpeg --version | head -1 > tool-version.txt
sha256sum "$SRC" ct_small_jpeg_lossless_*.dcm > SHA256SUMS
