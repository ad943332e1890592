/** High- vs low-risk genomics analysis: unified DE, risk split, the one-call pipeline and its tables. */
export * from './differential-expression.js';
export * from './risk-split.js';
export * from './risk-group-de.js';
export * from './result-tables.js';
