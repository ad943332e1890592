// Explainability of the deep model: deep vs radiomic feature correlation (Spearman, BH) with its heatmap, Grad-CAM gallery.
export * from './feature-matrix.js';
export * from './spearman-test.js';
export * from './average-linkage.js';
export * from './deep-radiomic-correlation.js';
export * from './correlation-heatmap.js';
export * from './grad-cam-gallery.js';
