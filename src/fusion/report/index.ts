// The study report: figure specs from the result tables, Markdown + self-contained HTML with a model card.
export * from './figures.js';
export * from './write-report.js';
export * from './roc-figure.js';
export * from './nomogram-figure.js';
export * from './genomics-block.js';
export * from './report-files.js';
export * from './warning-summary.js';
