/** Multi-phase studies: phase identification and alignment of phases onto one reference grid. */
export { CONTRAST_PHASES, PHASE_KEYWORDS, PHASE_TIMING_BANDS_S, identifyPhase, parsePhaseName, delayFromDescription, phaseFromDelay, secondsOfDicomTime } from './phase.js';
export type { ContrastPhase, PhaseEvidence, PhaseIdentification } from './phase.js';
export { assembleStudy } from './assemble-study.js';
export type { StudySeries, AssembleStudyOptions, StudyPhase, AssembledStudy } from './assemble-study.js';
