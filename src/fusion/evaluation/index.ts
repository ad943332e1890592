// Evaluation pieces of the study: ROC curve points, the Cox nomogram of a fit record, the TRIPOD+AI checklist.
export * from './roc-points.js';
export * from './cox-record-nomogram.js';
export * from './tripod-ai.js';
export * from './tripod-ai-items.js';
