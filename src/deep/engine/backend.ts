import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { z } from 'zod';
import { HccError } from '../../core/errors.js';
import { registerDeepKernels, unregisterDeepKernels } from './kernels/register.js';

/** Engine settings: the one place that names the tfjs backend. */
export const deepEngineOptionsSchema = z.object({
  /** tfjs backend: 'wasm' (default; SIMD, one thread per process), 'cpu' (pure JS, slow) or any registered name. */
  backend: z.string().min(1).default('wasm'),
  /**
   * Register the project's kernels (missing wasm backprop kernels, fused training batch norm and swish,
   * corrected / faster replacements, faster BatchMatMul gradient). Off only for benchmarks of plain tfjs.
   */
  kernels: z.boolean().default(true),
});
export type DeepEngineOptions = z.input<typeof deepEngineOptionsSchema>;

/** What the engine is running on. */
export interface DeepEngineInfo {
  readonly backend: string;
  readonly tfjsVersion: string;
  readonly kernelsAdded: readonly string[];
  readonly batchMatMulGrad: boolean;
  /** wasm only: SIMD and multi-threading support as reported by tfjs. */
  readonly simd: boolean | null;
  readonly multithread: boolean | null;
}

/**
 * Select the tfjs backend and register the project's kernels on it. All deep code is backend-agnostic;
 * this is the single setting a user with a faster backend (e.g. a GPU backend they registered) changes.
 * @throws HccError `E_OPTION` when the backend is not registered or fails to initialise.
 */
export async function initDeepEngine(options: DeepEngineOptions = {}): Promise<DeepEngineInfo> {
  const o = deepEngineOptionsSchema.parse(options);
  let ok: boolean;
  try {
    ok = await tf.setBackend(o.backend);
    await tf.ready();
  } catch (cause) {
    throw new HccError('E_OPTION', `deep engine: backend '${o.backend}' failed to initialise`, { cause });
  }
  if (!ok || tf.getBackend() !== o.backend) {
    throw new HccError('E_OPTION', `deep engine: backend '${o.backend}' is not available (registered: ${Object.keys(tf.engine().registryFactory).join(', ')})`);
  }
  let kernelsAdded: readonly string[] = [];
  let batchMatMulGrad = false;
  if (o.kernels) {
    const r = registerDeepKernels(o.backend);
    kernelsAdded = r.kernelsAdded;
    batchMatMulGrad = r.batchMatMulGrad;
  } else {
    unregisterDeepKernels(o.backend);
  }
  const isWasm = o.backend === 'wasm';
  return {
    backend: o.backend,
    tfjsVersion: tf.version.tfjs,
    kernelsAdded,
    batchMatMulGrad,
    simd: isWasm ? tf.env().getBool('WASM_HAS_SIMD_SUPPORT') : null,
    multithread: isWasm ? tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') : null,
  };
}

/** The backend currently in use. */
export function currentDeepBackend(): string {
  return tf.getBackend();
}
