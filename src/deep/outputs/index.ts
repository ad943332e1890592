export * from './png.js';
export * from './cam-to-grid.js';
export * from './cam-grid-score.js';
export * from './overlay.js';
export * from './write-grad-cam.js';
