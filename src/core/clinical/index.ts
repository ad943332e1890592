// Shared clinical rules (scores, staging, response criteria) used by synth, fusion and report.
export * from './units.js';
export * from './lab-checks.js';
export * from './child-pugh.js';
export * from './albi.js';
export * from './crafity.js';
export * from './bclc.js';
export * from './up-to-seven.js';
export * from './blood-ratios.js';
export * from './mrecist.js';
