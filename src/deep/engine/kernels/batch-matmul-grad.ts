import * as tf from '@tensorflow/tfjs';

let original: tf.GradConfig | undefined;

/**
 * Gradient of `BatchMatMul` C = A·B written with explicit transposes, so that both products run on the
 * backend's fast non-transposed path (tfjs-wasm's XNNPACK matMul is ~10× slower with `transposeA`):
 *
 *   dA = dC · transpose(B),  dB = transpose(A) · dC     (batch-wise over the leading dimension)
 *
 * Used for the plain cases (no transpose attributes; two matrices, which is what `tf.matMul` of rank-2
 * tensors sends, or two batches of equal size); every other case is
 * delegated to the gradient tfjs registered originally, so the values are the same in all cases.
 * @see tfjs-core `BatchMatMul_grad` (the reference).
 */
export function batchMatMulGradConfig(fallback: tf.GradConfig): tf.GradConfig {
  return {
    kernelName: 'BatchMatMul',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as tf.Tensor[];
      const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB && a.rank === 2 && b.rank === 2) {
        // tf.matMul of two matrices runs BatchMatMul on the rank-2 tensors themselves.
        const d2 = dy as tf.Tensor2D;
        return {
          a: () => tf.matMul(d2, tf.transpose(b as tf.Tensor2D)),
          b: () => tf.matMul(tf.transpose(a as tf.Tensor2D), d2),
        };
      }
      if (transposeA || transposeB || a.rank !== 3 || b.rank !== 3 || a.shape[0] !== b.shape[0]) {
        return fallback.gradFunc(dy, saved, attrs);
      }
      const d = dy as tf.Tensor3D;
      return {
        a: () => tf.matMul(d, tf.transpose(b, [0, 2, 1]) as tf.Tensor3D),
        b: () => tf.matMul(tf.transpose(a, [0, 2, 1]) as tf.Tensor3D, d),
      };
    },
  };
}

/** Install the transposing `BatchMatMul` gradient (global for all backends; idempotent). */
export function installBatchMatMulGrad(): void {
  if (original === undefined) {
    original = tf.getGradient('BatchMatMul');
    if (!original) return;
  }
  tf.registerGradient(batchMatMulGradConfig(original));
}

/** Put tfjs's own `BatchMatMul` gradient back (used by benchmarks to measure plain tfjs). */
export function restoreBatchMatMulGrad(): void {
  if (original !== undefined) tf.registerGradient(original);
}
