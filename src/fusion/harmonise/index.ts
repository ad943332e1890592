// Feature harmonisation across centres (ComBat).
export * from './combat.js';
