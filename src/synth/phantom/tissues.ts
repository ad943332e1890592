/**
 * Tissue classes of the phantom and their time–attenuation curves (HU versus seconds after the
 * start of contrast injection). The values at 0 / 35 / 70 / 180 s are the non-contrast, late
 * arterial, portal venous and delayed values of cohort-priors.md §4.2; the 20 s and 300 s knots
 * [D] let a centre's timing shift move a phase along the curve (early arterial scans show less
 * tumour hyperenhancement, later delayed scans more washout).
 */

/** Tissue class codes of the label volume the phantom is painted in. */
export const TISSUE = {
  air: 0,
  subcutaneousFat: 1,
  muscle: 2,
  visceralFat: 3,
  corticalBone: 4,
  marrow: 5,
  csf: 6,
  liver: 7,
  aorta: 8,
  ivc: 9,
  portalVein: 10,
  hepaticVein: 11,
  spleen: 12,
  kidney: 13,
  stomachWall: 14,
  stomachContent: 15,
  gas: 16,
  ascites: 17,
  /** Liver with arterial hyperperfusion around a tumour (peritumoral enhancement trait). */
  peritumoral: 18,
  tumour: 19,
  hypovascularTumour: 20,
  necrosis: 21,
  capsule: 22,
  tumourThrombus: 23,
} as const;
/** A tissue class code. */
export type TissueCode = (typeof TISSUE)[keyof typeof TISSUE];
/** Number of tissue classes (codes 0 … TISSUE_COUNT − 1). */
export const TISSUE_COUNT = 24;

/** Knot times (s) of every curve. */
export const CURVE_TIMES_S: readonly number[] = [0, 20, 35, 70, 180, 300];

/** HU at CURVE_TIMES_S for each tissue code (index = code). */
export const TISSUE_CURVES_HU: readonly (readonly number[])[] = [
  [-1000, -1000, -1000, -1000, -1000, -1000], // air
  [-105, -105, -105, -104, -104, -104], // subcutaneous fat
  [50, 55, 60, 65, 60, 58], // muscle
  [-95, -95, -94, -92, -93, -93], // visceral fat
  [750, 750, 750, 750, 750, 750], // cortical bone
  [220, 225, 230, 240, 235, 230], // marrow (cancellous bone)
  [10, 10, 10, 10, 10, 10], // CSF
  [55, 62, 75, 110, 95, 88], // cirrhotic liver parenchyma
  [40, 250, 280, 160, 110, 100], // aorta
  [40, 45, 60, 150, 115, 105], // IVC
  [40, 70, 120, 170, 120, 110], // portal vein lumen
  [40, 45, 60, 150, 115, 105], // hepatic veins
  [45, 90, 120, 120, 100, 95], // spleen
  [35, 150, 180, 170, 130, 110], // kidney
  [45, 70, 90, 100, 85, 80], // stomach wall
  [15, 15, 15, 15, 15, 15], // stomach content
  [-900, -900, -900, -900, -900, -900], // gas
  [5, 5, 5, 8, 8, 8], // ascites
  [55, 85, 110, 112, 95, 88], // peritumoral arterial hyperenhancement
  [40, 90, 115, 95, 75, 70], // viable hypervascular HCC (APHE + washout)
  [38, 50, 60, 80, 70, 68], // hypovascular / infiltrative HCC
  [25, 27, 28, 30, 30, 30], // necrosis
  [45, 55, 70, 105, 110, 105], // enhancing capsule (persistent)
  [40, 80, 100, 90, 80, 75], // tumour thrombus (enhances)
];

/** SD (HU) of the anatomical texture per tissue at (arterial, portal venous, delayed) [D]. */
export const TEXTURE_SD_HU: Readonly<Partial<Record<TissueCode, readonly [number, number, number]>>> = {
  [TISSUE.liver]: [7, 8, 7],
  [TISSUE.peritumoral]: [8, 7, 7],
  [TISSUE.tumour]: [14, 10, 8],
  [TISSUE.hypovascularTumour]: [9, 8, 7],
  [TISSUE.spleen]: [12, 4, 3],
  [TISSUE.muscle]: [4, 4, 4],
  [TISSUE.marrow]: [25, 25, 25],
  [TISSUE.kidney]: [15, 6, 4],
};

/** Tissues whose curve is scaled by the patient's enhancement factor (contrast-enhancing tissues). */
export function enhances(code: number): boolean {
  return code >= TISSUE.muscle && code !== TISSUE.corticalBone && code !== TISSUE.csf && code !== TISSUE.stomachContent && code !== TISSUE.gas && code !== TISSUE.ascites && code !== TISSUE.necrosis;
}

/**
 * HU of a tissue at time `t` s: piecewise-linear interpolation of its curve (constant beyond the
 * knots); the enhancement above the non-contrast value is multiplied by `enhancementScale`.
 */
export function tissueHu(code: number, t: number, enhancementScale = 1): number {
  const c = TISSUE_CURVES_HU[code];
  const ts = CURVE_TIMES_S;
  let v: number;
  if (t <= ts[0]) v = c[0];
  else if (t >= ts[ts.length - 1]) v = c[c.length - 1];
  else {
    let m = 1;
    while (ts[m] < t) m++;
    const f = (t - ts[m - 1]) / (ts[m] - ts[m - 1]);
    v = c[m - 1] + f * (c[m] - c[m - 1]);
  }
  return enhances(code) ? c[0] + enhancementScale * (v - c[0]) : v;
}
