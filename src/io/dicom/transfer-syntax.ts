/**
 * DICOM transfer syntaxes this reader knows (PS3.5 §10 and Annex A), and which pixel decoder each
 * needs. Compressed syntaxes are decoded with maintained npm codecs (see `decode-frame.ts`); RLE is
 * decoded here (PS3.5 Annex G is a byte-oriented PackBits scheme, no library needed).
 */

/** How pixel data of a transfer syntax is stored. */
export type PixelEncoding =
  | 'native'
  | 'rle'
  | 'jpeg-baseline'
  | 'jpeg-extended'
  | 'jpeg-lossless'
  | 'jpeg-ls'
  | 'jpeg2000';

/** Facts about one transfer syntax. */
export interface TransferSyntaxInfo {
  readonly uid: string;
  readonly name: string;
  readonly encoding: PixelEncoding;
  readonly bigEndian: boolean;
  readonly deflated: boolean;
  /** True when the syntax may be lossy (the decoded voxels are not the original ones). */
  readonly lossy: boolean;
}

const ts = (uid: string, name: string, encoding: PixelEncoding, extra: Partial<TransferSyntaxInfo> = {}): TransferSyntaxInfo => ({
  uid,
  name,
  encoding,
  bigEndian: false,
  deflated: false,
  lossy: false,
  ...extra,
});

/** Every supported transfer syntax by UID. */
export const TRANSFER_SYNTAXES: Readonly<Record<string, TransferSyntaxInfo>> = Object.fromEntries(
  [
    ts('1.2.840.10008.1.2', 'Implicit VR Little Endian', 'native'),
    ts('1.2.840.10008.1.2.1', 'Explicit VR Little Endian', 'native'),
    ts('1.2.840.10008.1.2.1.99', 'Deflated Explicit VR Little Endian', 'native', { deflated: true }),
    ts('1.2.840.10008.1.2.2', 'Explicit VR Big Endian (retired)', 'native', { bigEndian: true }),
    ts('1.2.840.10008.1.2.5', 'RLE Lossless', 'rle'),
    ts('1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)', 'jpeg-baseline', { lossy: true }),
    ts('1.2.840.10008.1.2.4.51', 'JPEG Extended (Process 2 & 4)', 'jpeg-extended', { lossy: true }),
    ts('1.2.840.10008.1.2.4.57', 'JPEG Lossless, Non-Hierarchical (Process 14)', 'jpeg-lossless'),
    ts('1.2.840.10008.1.2.4.70', 'JPEG Lossless, First-Order Prediction (Process 14, SV1)', 'jpeg-lossless'),
    ts('1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless', 'jpeg-ls'),
    ts('1.2.840.10008.1.2.4.81', 'JPEG-LS Near-Lossless', 'jpeg-ls', { lossy: true }),
    ts('1.2.840.10008.1.2.4.90', 'JPEG 2000 (Lossless Only)', 'jpeg2000'),
    ts('1.2.840.10008.1.2.4.91', 'JPEG 2000', 'jpeg2000', { lossy: true }),
  ].map((t) => [t.uid, t]),
);

/** Look up a transfer syntax; `undefined` when it is not supported. */
export function transferSyntaxInfo(uid: string): TransferSyntaxInfo | undefined {
  return TRANSFER_SYNTAXES[uid];
}
