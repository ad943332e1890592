import { readFileSync } from 'node:fs';
import type { InferenceSession } from 'onnxruntime-node';
import { HccError } from '../../core/errors.js';

/**
 * How the ONNX network expects a 2.5-D stack [H, W, slices × phases] (NHWC, channel = slice·P + phase):
 * - 'nchw': [B, C, H, W] (PyTorch 2-D networks; channels in the same slice-major order);
 * - 'nhwc': [B, H, W, C] as stored (TensorFlow / Keras exports);
 * - 'ncdhw': [B, phases, slices, H, W] (PyTorch 3-D networks such as the paper's; needs `phases`).
 */
export type OnnxInputLayout = 'nchw' | 'nhwc' | 'ncdhw';

/** Options of `loadOnnxModel`. */
export interface OnnxModelOptions {
  /** Input layout (default 'nchw'). */
  readonly layout?: OnnxInputLayout;
  /** Phases per slice, for 'ncdhw' (default 3). */
  readonly phases?: number;
  /** Name of the image input (default: the model's only / first input). */
  readonly inputName?: string;
  /** Output carrying the OS risk score, [B] or [B, 1] (default: the first output). */
  readonly osOutput?: string;
  /** Output carrying the PFS risk score (optional). */
  readonly pfsOutput?: string;
  /** Output carrying penultimate features [B, F] (optional; exported for the radiomic correlation). */
  readonly featuresOutput?: string;
  /** CPU threads of the session (default 1: members run one process per core, as in training). */
  readonly threads?: number;
}

/** A loaded ONNX network with its resolved input/output names. */
export interface OnnxModel {
  readonly session: InferenceSession;
  readonly source: string;
  readonly inputName: string;
  readonly outputNames: readonly string[];
  readonly options: Required<Pick<OnnxModelOptions, 'layout' | 'phases' | 'osOutput' | 'threads'>> & Pick<OnnxModelOptions, 'pfsOutput' | 'featuresOutput'>;
  release(): Promise<void>;
}

/**
 * Load an ONNX network (a file path or the model bytes) into an `onnxruntime-node` CPU session
 * (inference only: onnxruntime has no training API). The package is imported on first use, so code
 * that never loads ONNX models does not load its native library. Names given in `options` are checked
 * against the model's inputs and outputs.
 * @throws HccError `E_IO` (unreadable file), `E_INPUT` (not a valid ONNX model), `E_OPTION` (unknown names).
 * @see onnxruntime `InferenceSession.create`.
 */
export async function loadOnnxModel(model: string | Uint8Array, options: OnnxModelOptions = {}): Promise<OnnxModel> {
  const source = typeof model === 'string' ? model : `<${model.length} bytes>`;
  let bytes: Uint8Array;
  try {
    bytes = typeof model === 'string' ? readFileSync(model) : model;
  } catch (cause) {
    throw new HccError('E_IO', `cannot read ONNX model ${source}`, { cause });
  }
  const ort = await import('onnxruntime-node');
  const threads = options.threads ?? 1;
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
  } catch (cause) {
    throw new HccError('E_INPUT', `${source} is not a loadable ONNX model: ${(cause as Error).message}`, { cause });
  }
  const inputName = options.inputName ?? session.inputNames[0];
  const unknown = [
    ...(session.inputNames.includes(inputName) ? [] : [`input "${inputName}" (model inputs: ${session.inputNames.join(', ')})`]),
    ...[options.osOutput, options.pfsOutput, options.featuresOutput].filter((o): o is string => o !== undefined && !session.outputNames.includes(o)).map((o) => `output "${o}" (model outputs: ${session.outputNames.join(', ')})`),
  ];
  if (unknown.length) {
    await session.release();
    throw new HccError('E_OPTION', `${source}: unknown ${unknown.join('; ')}`);
  }
  return {
    session,
    source,
    inputName,
    outputNames: session.outputNames,
    options: { layout: options.layout ?? 'nchw', phases: options.phases ?? 3, osOutput: options.osOutput ?? session.outputNames[0], threads, pfsOutput: options.pfsOutput, featuresOutput: options.featuresOutput },
    release: () => session.release(),
  };
}

/** Re-lay out an NHWC block [b, H, W, C] for the model: see `OnnxInputLayout`. */
export function toOnnxLayout(block: Float32Array, b: number, h: number, w: number, c: number, layout: OnnxInputLayout, phases = 3): { data: Float32Array; dims: number[] } {
  if (block.length !== b * h * w * c) throw new HccError('E_INPUT', `toOnnxLayout: ${block.length} values for ${b}×${h}×${w}×${c}`);
  if (layout === 'nhwc') return { data: block, dims: [b, h, w, c] };
  const out = new Float32Array(block.length);
  const hw = h * w;
  for (let n = 0; n < b; n++) {
    const base = n * hw * c;
    for (let p = 0; p < hw; p++) for (let ch = 0; ch < c; ch++) out[base + ch * hw + p] = block[base + p * c + ch];
  }
  if (layout === 'nchw') return { data: out, dims: [b, c, h, w] };
  if (c % phases !== 0) throw new HccError('E_OPTION', `toOnnxLayout: ${c} channels are not slices × ${phases} phases`);
  // channel-first [b, slice·P + phase, H, W] → [b, phase, slice, H, W]
  const s = c / phases;
  const out3 = new Float32Array(block.length);
  for (let n = 0; n < b; n++) {
    const base = n * hw * c;
    for (let sl = 0; sl < s; sl++) for (let ph = 0; ph < phases; ph++) out3.set(out.subarray(base + (sl * phases + ph) * hw, base + (sl * phases + ph + 1) * hw), base + (ph * s + sl) * hw);
  }
  return { data: out3, dims: [b, phases, s, h, w] };
}
