import { z } from 'zod';

/**
 * Configuration of the CT phantoms (the `images` section of the synth configuration). Every
 * default is documented in docs/synthetic-cohort.md ("CT phantoms"); values are engineering
 * choices [D] consistent with cohort-priors.md §4.2 unless stated.
 */

const share = z.number().min(0).max(1);

/** Share of each mask format among a centre's patients (normalised; at least one positive). */
export const maskFormatSharesSchema = z.object({
  nifti: share.default(1),
  dicomSeg: share.default(0),
  rtstruct: share.default(0),
});
/** Parsed mask-format shares. */
export type MaskFormatShares = z.infer<typeof maskFormatSharesSchema>;

/** How one hospital's scanner and protocol differ (a real domain shift for external testing). */
export const scannerProfileSchema = z.object({
  /** In-plane pixel spacing (mm) at demo resolution (multiplied by `images.spacingScale`). */
  pixelSpacingMm: z.number().positive().max(20).default(3.5),
  /** Slice thickness = slice spacing (mm) at demo resolution (multiplied by `images.spacingScale`). */
  sliceThicknessMm: z.number().positive().max(20).default(5),
  /** SD of the (spatially correlated) quantum noise in HU. */
  noiseSd: z.number().min(0).max(200).default(12),
  /** SD (mm) of the Gaussian reconstruction blur (sharp kernel ≈ 0.5, smooth ≈ 1.5). */
  blurSigmaMm: z.number().min(0).max(10).default(1),
  /** Seconds added to every phase's acquisition delay (bolus-tracking differences). */
  contrastDelayShiftS: z.number().min(-30).max(120).default(0),
  /** Calibration offset added to every voxel (HU). */
  huOffset: z.number().min(-100).max(100).default(0),
  maskFormats: maskFormatSharesSchema.prefault({}),
});
/** A parsed scanner profile (defaults filled in). */
export type ScannerProfile = z.infer<typeof scannerProfileSchema>;
/** A scanner profile as written in a configuration file. */
export type ScannerProfileInput = z.input<typeof scannerProfileSchema>;

/** Default scanners of the four default centres [D]: C3 noisy/sharp, C4 (external) smooth, late, offset. */
export const DEFAULT_SCANNERS: Readonly<Record<string, ScannerProfileInput>> = {
  C1: { pixelSpacingMm: 3.5, sliceThicknessMm: 5, noiseSd: 12, blurSigmaMm: 1.0, contrastDelayShiftS: 0, huOffset: 0, maskFormats: { nifti: 1, dicomSeg: 0, rtstruct: 0 } },
  C2: { pixelSpacingMm: 3.2, sliceThicknessMm: 5, noiseSd: 10, blurSigmaMm: 1.2, contrastDelayShiftS: 3, huOffset: 4, maskFormats: { nifti: 0, dicomSeg: 1, rtstruct: 0 } },
  C3: { pixelSpacingMm: 3.8, sliceThicknessMm: 5, noiseSd: 16, blurSigmaMm: 0.6, contrastDelayShiftS: -4, huOffset: -5, maskFormats: { nifti: 0, dicomSeg: 0, rtstruct: 1 } },
  C4: { pixelSpacingMm: 3.5, sliceThicknessMm: 6, noiseSd: 14, blurSigmaMm: 1.8, contrastDelayShiftS: 8, huOffset: 8, maskFormats: { nifti: 0.5, dicomSeg: 0.25, rtstruct: 0.25 } },
};

/** The `images` section. */
export const imageConfigSchema = z.object({
  /** Field of view (mm) along x (right→left), y (anterior→posterior), z (inferior→superior). */
  fieldOfViewMm: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]).default([336, 336, 240]),
  /** Multiplies every centre's pixel spacing and slice thickness: 1 = demo (≈ 96×96×48), 0.2 = full resolution (≈ 0.7 mm × 1 mm). */
  spacingScale: z.number().min(0.05).max(4).default(1),
  /** Nominal acquisition delays after injection (s): late arterial, portal venous, delayed (§4.2). */
  phaseDelaysS: z.object({ arterial: z.number().positive().default(35), portalVenous: z.number().positive().default(70), delayed: z.number().positive().default(180) }).prefault({}),
  /** Per-patient SD of the delay (s) and of the relative enhancement (cardiac output). */
  patientDelaySdS: z.number().min(0).max(30).default(3),
  patientEnhancementSd: z.number().min(0).max(0.5).default(0.08),
  /** Scanner profile per centre id; centres not listed get `defaultScanner`. Giving this record replaces the default table (C1–C4). */
  scanners: z.record(z.string(), scannerProfileSchema).default(Object.fromEntries(Object.entries(DEFAULT_SCANNERS).map(([k, v]) => [k, scannerProfileSchema.parse(v)]))),
  defaultScanner: scannerProfileSchema.prefault({}),
  /** Centre whose patients all get DICOM series: a centre id, "last" (the external centre) or null (none). */
  dicomCentre: z.string().nullable().default('last'),
  /** Share of the other patients who also get DICOM series. */
  dicomShareOthers: share.default(0),
  /** gzip level of the NIfTI files (1 fast … 9 small). */
  gzipLevel: z.number().int().min(0).max(9).default(6),
});
/** The parsed `images` section. */
export type ImageConfig = z.infer<typeof imageConfigSchema>;
/** The `images` section as written in a configuration file. */
export type ImageConfigInput = z.input<typeof imageConfigSchema>;

/** Scanner profile of a centre (its own entry, else the default profile). */
export function scannerFor(images: ImageConfig, centreId: string): ScannerProfile {
  return images.scanners[centreId] ?? images.defaultScanner;
}
