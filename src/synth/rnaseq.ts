import type { Rng } from '../core/rng.js';
import type { SynthConfig } from './config.js';
import type { GeneUniverse } from './gene-universe.js';
import { negativeBinomialVariate } from './variates.js';

/** Gene-level parameters of the count model. */
export interface GeneParameters {
  readonly genes: readonly string[];
  /** Baseline share of the library per gene (sums to 1). */
  readonly share: Float64Array;
  /** NB dispersion per gene. */
  readonly dispersion: Float64Array;
  /** log2 fold change per SD of latent risk (0 for genes outside the responding programme). */
  readonly log2FcPerSd: Float64Array;
}

/** A simulated count matrix, genes × samples (column-major by sample: counts[s * nGenes + g]). */
export interface RnaSeqCounts {
  readonly genes: readonly string[];
  readonly sampleIds: readonly string[];
  readonly patientIds: readonly string[];
  readonly counts: Int32Array;
  /** Σ counts per sample. */
  readonly librarySizes: Float64Array;
  /** Standardised latent OS risk that drove the programme, per sample. */
  readonly riskZ: Float64Array;
  readonly programmeName: string;
  /** Genes whose mean rises with risk. */
  readonly responders: readonly string[];
}

/**
 * Draw gene parameters from `rng` (forked per gene id, so a gene's parameters do not depend on the
 * universe's other genes): log-normal abundance; dispersion φ = (a0 + a1/μ̄)·exp(σ·N(0,1)) where μ̄
 * is the gene's mean count at the median library (DESeq2's parametric mean-dispersion trend);
 * programme members respond with probability responderFraction.
 */
export function drawGeneParameters(rng: Rng, universe: GeneUniverse, config: SynthConfig): GeneParameters {
  const r = config.rnaseq;
  const n = universe.genes.length;
  const raw = new Float64Array(n);
  const noise = new Float64Array(n);
  const fc = new Float64Array(n);
  universe.genes.forEach((g, i) => {
    const gr = rng.fork(`gene:${g}`);
    raw[i] = Math.exp(r.abundanceLogSd * gr.normal());
    noise[i] = gr.normal();
    fc[i] = universe.programme.has(g) && gr.uniform() < r.responderFraction ? r.log2FcPerRiskSd : 0;
  });
  let total = 0;
  for (let i = 0; i < n; i++) total += raw[i];
  const share = new Float64Array(n);
  const dispersion = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    share[i] = raw[i] / total;
    const mu = Math.max(1e-3, share[i] * r.libraryMedian);
    dispersion[i] = (r.dispersionAsymptotic + r.dispersionExtraPoisson / mu) * Math.exp(r.dispersionLogSd * noise[i]);
  }
  return { genes: universe.genes, share, dispersion, log2FcPerSd: fc };
}

/** One sample's counts: NB(μ_g = L · share_g · 2^(fc_g · riskZ), φ_g). */
export function drawSampleCounts(rng: Rng, gp: GeneParameters, riskZ: number, config: SynthConfig, out: Int32Array, offset: number): number {
  const r = config.rnaseq;
  const library = r.libraryMedian * Math.exp(r.libraryLogSd * rng.normal());
  let sum = 0;
  for (let g = 0; g < gp.genes.length; g++) {
    const mu = library * gp.share[g] * Math.pow(2, gp.log2FcPerSd[g] * riskZ);
    const c = negativeBinomialVariate(rng, mu, gp.dispersion[g]);
    out[offset + g] = c;
    sum += c;
  }
  return sum;
}
