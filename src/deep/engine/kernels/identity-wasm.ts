import type * as tf from '@tensorflow/tfjs';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

/**
 * `Identity` for the wasm backend without a copy: the output shares the input's data (reference
 * counted, as wasm's own `Reshape` and the cpu backend's `Identity` do). tfjs-wasm 4.22.0's `Identity`
 * copies the whole tensor, and the engine calls it for every tensor it saves for the backward pass
 * (`saveTensorsForBackwardMode` clones), ~300 copies per training step of the default member. Safe
 * because tensor data is never written in place (a variable's `assign` swaps its data id).
 * @see tfjs-backend-cpu `identity` (the same zero-copy form).
 */
export function identityWasmConfig(): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = ({ inputs, backend }) => {
    const x = inputs.x as tf.TensorInfo;
    (backend as unknown as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
  return { kernelName: 'Identity', backendName: 'wasm', kernelFunc };
}
