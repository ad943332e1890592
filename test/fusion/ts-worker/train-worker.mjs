// Test-only entry of the deep-member training worker: src/deep/train-worker.ts run from its
// TypeScript source (see ts-hooks.mjs), so tests exercise `trainMembersParallel` on the sources.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
await import('../../../src/deep/train-worker.ts');
