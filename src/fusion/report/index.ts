// The study report: figure specs from the result tables, Markdown + self-contained HTML with a model card.
export * from './figures.js';
export * from './write-report.js';
