// Public API of the deep-learning stage. Downstream stages and the CLI import from here only.
export * from './engine/backend.js';
export * from './engine/conv-ops.js';
export * from './engine/kernels/register.js';
export * from './loss/cox-partial-likelihood.js';
export * from './metrics/harrell-concordance.js';
export * from './model/network-spec.js';
export * from './model/heads.js';
export * from './model/network.js';
export * from './model/params.js';
export * from './model/multitask-loss.js';
export * from './dataset.js';
export * from './predict.js';
export * from './checkpoints.js';
export * from './train.js';
export * from './grad-cam.js';
export * from './planted-signal.js';
export * from './parallel.js';
