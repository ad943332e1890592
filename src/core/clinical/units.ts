/**
 * Unit conversions for the laboratory values used by the clinical scores. Names carry both units
 * so a call site says what it converts. Factors from cohort-priors.md §1.1:
 * bilirubin 1 mg/dL = 17.1 µmol/L; albumin 1 g/dL = 10 g/L; CRP 1 mg/dL = 10 mg/L; AFP ng/mL ≡ µg/L.
 */

/** µmol/L per mg/dL of total bilirubin (molar mass 584.7 g/mol, rounded as clinical tables do). */
export const BILIRUBIN_UMOL_PER_MG_DL = 17.1;

/** Bilirubin mg/dL → µmol/L: x · 17.1. */
export function bilirubinMgDlToUmolL(mgPerDl: number): number {
  return mgPerDl * BILIRUBIN_UMOL_PER_MG_DL;
}

/** Bilirubin µmol/L → mg/dL: x / 17.1. */
export function bilirubinUmolLToMgDl(umolPerL: number): number {
  return umolPerL / BILIRUBIN_UMOL_PER_MG_DL;
}

/** Albumin g/dL → g/L: x · 10. */
export function albuminGDlToGL(gPerDl: number): number {
  return gPerDl * 10;
}

/** Albumin g/L → g/dL: x / 10. */
export function albuminGLToGDl(gPerL: number): number {
  return gPerL / 10;
}

/** CRP mg/L → mg/dL: x / 10. */
export function crpMgLToMgDl(mgPerL: number): number {
  return mgPerL / 10;
}

/** CRP mg/dL → mg/L: x · 10. */
export function crpMgDlToMgL(mgPerDl: number): number {
  return mgPerDl * 10;
}

/** AFP µg/L → ng/mL (identical units; kept so the conversion is explicit at call sites). */
export function afpUgLToNgMl(ugPerL: number): number {
  return ugPerL;
}

/**
 * Round away binary floating-point noise before comparing with a clinical cut-off, so that e.g.
 * 51.3 µmol/L / 17.1 compares as exactly 3 mg/dL (it is 3.0000000000000004 in IEEE doubles).
 */
export function roundForCutoff(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
