// Which stages each stage may import (data flows one way). `core` is the only shared kernel.
// Cross-stage imports must target the stage's public `index.ts`.
export const ALLOWED = {
  core: [],
  io: ['core'],
  preprocess: ['core', 'io'],
  radiomics: ['core', 'io', 'preprocess'],
  deep: ['core', 'io', 'preprocess', 'survival'],
  survival: ['core'],
  genomics: ['core', 'survival'],
  synth: ['core', 'io', 'survival'],
  fusion: ['core', 'io', 'preprocess', 'radiomics', 'deep', 'survival', 'genomics'],
  report: ['core', 'io', 'preprocess', 'radiomics', 'deep', 'survival', 'fusion', 'genomics', 'synth'],
  cli: ['core', 'io', 'preprocess', 'radiomics', 'deep', 'survival', 'fusion', 'genomics', 'synth', 'report', 'web', 'bench'],
  web: ['core', 'io', 'preprocess', 'radiomics', 'deep', 'survival', 'fusion', 'genomics', 'synth', 'report'],
  bench: ['core', 'io', 'preprocess', 'radiomics', 'deep', 'survival', 'fusion', 'genomics', 'synth', 'report'],
};
