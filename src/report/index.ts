// Public API of the report stage: figure specs and their rendering.
export * from './figures/render-svg.js';
export * from './figures/km-plot.js';
export * from './figures/forest-plot.js';
export * from './survival-analysis.js';
export * from './write-survival-analysis.js';
export * from './figures/volcano-plot.js';
export * from './figures/enrichment-dot-plot.js';
export * from './genomics-section.js';
