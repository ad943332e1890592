// Public API of the survival stage. Downstream stages and the CLI import from here only.
export * from './outcome.js';
export * from './product-limit.js';
