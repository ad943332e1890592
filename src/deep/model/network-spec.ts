import { z } from 'zod';

/** An auxiliary categorical head (e.g. BCLC stage, ALBI grade): softmax over `classes` logits. */
export const auxHeadSchema = z.object({
  name: z.string().min(1),
  classes: z.number().int().min(2),
});

/**
 * A network member. Input is one tumour-centred 2.5-D stack [height, width, channels] with
 * channels = slices × phases in slice-major order (channel = slice·phases + phase), e.g. 3 adjacent
 * slices × 3 phases (arterial, portal venous, delayed) = 9 channels.
 * - 'cnn25d': EfficientNet-style 2-D CNN (MBConv-lite blocks) on all channels (paper Network 1, 2.5-D).
 * - 'autoencoder': convolutional autoencoder, survival heads on the bottleneck, reconstruction loss (Network 2).
 * - 'm3t': per-slice CNN, slices as tokens of a small transformer with a CLS token (Network 3, M3T-style).
 * - 'cnn3d': true 3-D CNN on the stack read as a volume (slices × H × W × phases); opt-in, slow on wasm.
 */
export const networkSpecSchema = z.object({
  kind: z.enum(['cnn25d', 'autoencoder', 'm3t', 'cnn3d']).default('cnn25d'),
  height: z.number().int().min(8),
  width: z.number().int().min(8),
  channels: z.number().int().min(1),
  /** Phases per slice (channels / phases = slices); used by 'm3t' to form tokens. */
  phases: z.number().int().min(1).default(3),
  /** Channel widths of the stem and the blocks (one 2×2 pool after each block but the last). */
  widths: z.array(z.number().int().min(1)).min(1).default([16, 24, 32, 48]),
  /** Width of the last 1×1 conv (the Grad-CAM layer) and of the penultimate feature vector. */
  headWidth: z.number().int().min(1).default(64),
  /** MBConv expansion factor. */
  expand: z.number().int().min(1).default(2),
  pfsHead: z.boolean().default(true),
  auxHeads: z.array(auxHeadSchema).default([]),
  /** 'm3t' transformer: layers, heads (dModel must divide by heads). */
  transformerLayers: z.number().int().min(1).default(2),
  transformerHeads: z.number().int().min(1).default(2),
  batchNormMomentum: z.number().min(0).max(1).default(0.8),
  /**
   * Zero the last convolutional activations outside the input's support (pixels where every channel
   * is 0, e.g. context blanked by the stack's `contextMm`), max-pooled to the activation grid: the
   * network's features, and so its Grad-CAM, then come only from the tumour and its kept context.
   * true / 'max': a cell is kept whole when any of its pixels is in the support; 'mean': each cell is
   * weighted by the share of its pixels in the support (cells straddling the border count partly).
   */
  roiGate: z.union([z.boolean(), z.enum(['max', 'mean'])]).default(false),
  /**
   * Channels the trunk reads: the first `trunkChannels` of the input (null = all). A stack with
   * `spreadSlices` appends slices spread over the tumour after its adjacent ones; the trunk (and so
   * Grad-CAM) keeps to the adjacent ones, the region statistics read them all.
   */
  trunkChannels: z.number().int().min(1).nullable().default(null),
  /**
   * Region statistics (0 = off): a 3×3 conv → BN → swish of this width on every slice of the input
   * (its phases, mask channel last), then per channel the mean and SD over the tumour (the mask
   * channel) and over its one-pixel ring, pooled over all slices, joined to the features the heads
   * read. Needs the stack's mask channel. Statistics, unlike a global average, do not grow with the
   * tumour's area, and they compare the tumour's and its ring's intensities and texture directly.
   */
  regionStats: z.number().int().min(0).default(0),
});
export type NetworkSpec = z.output<typeof networkSpecSchema>;
export type NetworkSpecInput = z.input<typeof networkSpecSchema>;
export type AuxHead = z.output<typeof auxHeadSchema>;
