// Test-only entry of the radiomics extraction worker: the worker of src/fusion/radiomics-model run
// from its TypeScript source (see ts-hooks.mjs), so tests exercise the worker path on the sources.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
await import('../../../src/fusion/radiomics-model/extract-worker.ts');
