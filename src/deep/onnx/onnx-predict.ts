import { HccError } from '../../core/errors.js';
import type { DeepDataset } from '../dataset.js';
import { addViewShare, gatherImages } from '../dataset.js';
import type { MemberPredictions } from '../predict.js';
import type { OnnxModel } from './onnx-model.js';
import { toOnnxLayout } from './onnx-model.js';

/** Options of `predictOnnx`. */
export interface OnnxPredictOptions {
  readonly batchSize?: number;
  /** Called after each batch with samples done / total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Scores (and features, when the model names a features output) of every sample of a dataset from an
 * ONNX member, in dataset order — the same shape as `predictMember`, so ONNX members (e.g. the
 * paper's PyTorch 3-D networks) join an ensemble next to tfjs members. Risk outputs must have one value
 * per sample ([B] or [B, 1]); features [B, F]. The model must accept a dynamic (or matching) batch size.
 * @throws HccError `E_INPUT` when an output has the wrong size or holds a non-finite value.
 */
export async function predictOnnx(model: OnnxModel, data: Pick<DeepDataset, 'n' | 'height' | 'width' | 'channels' | 'images' | 'views'>, options: OnnxPredictOptions = {}): Promise<MemberPredictions> {
  const ort = await import('onnxruntime-node');
  const bs = options.batchSize ?? 32;
  const V = data.views ?? 1;
  const { layout, phases, osOutput, pfsOutput, featuresOutput } = model.options;
  const os = new Float32Array(data.n);
  const pfs = pfsOutput ? new Float32Array(data.n) : null;
  let features = new Float32Array(0);
  let featureDim = 0;
  const fetches = [osOutput, ...(pfsOutput ? [pfsOutput] : []), ...(featuresOutput ? [featuresOutput] : [])];
  for (let start = 0; start < data.n; start += bs) {
    const rows = Array.from({ length: Math.min(bs, data.n - start) }, (_, k) => start + k);
    const b = rows.length;
    // Views (`DeepDataset.views`): each view is scored and the outputs averaged, as `predictMember` does.
    for (let view = 0; view < V; view++) {
      const { data: x, dims } = toOnnxLayout(gatherImages(data as DeepDataset, rows, view), b, data.height, data.width, data.channels, layout, phases);
      const out = await model.session.run({ [model.inputName]: new ort.Tensor('float32', x, dims) }, fetches);
      const take = (name: string, per: number): Float32Array => {
        const t = out[name];
        const v = t.data as Float32Array;
        if (!(v instanceof Float32Array) || v.length !== b * per) throw new HccError('E_INPUT', `${model.source}: output "${name}" has ${v.length} values [${t.dims.join(', ')}], expected ${b} × ${per} float32`);
        for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) throw new HccError('E_INPUT', `${model.source}: output "${name}" holds a non-finite value for sample ${start + Math.floor(i / per)}`);
        return v;
      };
      addViewShare(os, take(osOutput, 1), start, V);
      if (pfs && pfsOutput) addViewShare(pfs, take(pfsOutput, 1), start, V);
      if (featuresOutput) {
        const t = out[featuresOutput];
        const f = t.dims.length >= 2 ? t.dims.slice(1).reduce((a, d) => a * d, 1) : 1;
        if (start === 0 && view === 0) {
          featureDim = f;
          features = new Float32Array(data.n * f);
        }
        addViewShare(features, take(featuresOutput, featureDim), start * featureDim, V);
      }
      for (const t of Object.values(out)) t.dispose?.();
    }
    options.onProgress?.(start + b, data.n);
  }
  return { os, pfs, features, featureDim };
}
