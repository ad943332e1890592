export * from './onnx-model.js';
export * from './onnx-predict.js';
