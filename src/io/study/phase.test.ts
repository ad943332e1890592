import { describe, expect, it } from 'vitest';
import { delayFromDescription, identifyPhase, parsePhaseName, secondsOfDicomTime } from './phase.js';

describe('identifyPhase from synthetic series descriptions (oracle: the documented rules)', () => {
  it.each([
    ['ART 35s', 'arterial', 'description', 35],
    ['PV', 'portal_venous', 'description', null],
    ['DELAY 3min', 'delayed', 'description', 180],
    ['Venous', 'portal_venous', 'description', null],
    ['Portal Venous 70s 5mm', 'portal_venous', 'description', 70],
    ['Late Arterial', 'arterial', 'description', null],
    ['LATE_ART 1.25mm', 'arterial', 'description', null],
    ['Equilibrium phase', 'delayed', 'description', null],
    ['Abdomen NC 5.0', 'non_contrast', 'description', null],
    ['Abdomen w/o', 'non_contrast', 'description', null],
    ['ABD 2.5 min', 'delayed', 'timing', 150],
    ['Liver 65 sec', 'portal_venous', 'timing', 65],
    ['ART35s', 'arterial', 'description', 35],
  ])('%s → %s (%s)', (description, phase, basis, delay) => {
    const r = identifyPhase({ seriesDescription: description, source: 's1' });
    expect(r.phase).toBe(phase);
    expect(r.basis).toBe(basis);
    expect(r.delaySeconds).toBe(delay);
    expect(r.issues).toEqual([]);
  });

  it('uses AcquisitionTime − ContrastBolusStartTime when the description says nothing', () => {
    const r = identifyPhase({ seriesDescription: 'Abdomen 1.0 B30f', contrastBolusStartTime: '101500', acquisitionTime: '101540.5' });
    expect(r).toMatchObject({ phase: 'arterial', basis: 'timing', delaySeconds: 40.5 });
    expect(identifyPhase({ contrastBolusStartTime: '235900', acquisitionTime: '000100' })).toMatchObject({ phase: 'delayed', delaySeconds: 120 });
  });

  it('prefers the keyword over a contradicting delay, with a warning', () => {
    const r = identifyPhase({ seriesDescription: 'PV 30s', source: 'series 4' });
    expect(r.phase).toBe('portal_venous');
    expect(r.issues).toMatchObject([{ code: 'inferred_value', severity: 'warning', path: ['series 4', 'SeriesDescription'] }]);
  });

  it('lets the manifest win and rejects unknown manifest phases', () => {
    expect(identifyPhase({ manifestPhase: 'Arterial', seriesDescription: 'PV' })).toMatchObject({ phase: 'arterial', basis: 'manifest' });
    expect(identifyPhase({ manifestPhase: 'portal_venous' }).phase).toBe('portal_venous');
    const bad = identifyPhase({ manifestPhase: 'hepatobiliary', source: 'row 3' });
    expect(bad.phase).toBeNull();
    expect(bad.issues).toMatchObject([{ code: 'unknown_phase', severity: 'error', path: ['row 3', 'phase'] }]);
  });

  it('returns null with a warning when nothing or several phases are named', () => {
    expect(identifyPhase({ seriesDescription: 'Abdomen 5mm', source: 'x' }).issues).toMatchObject([{ code: 'unknown_phase', severity: 'warning', path: ['x', 'SeriesDescription'] }]);
    const both = identifyPhase({ seriesDescription: 'ART + PV fused' });
    expect(both.phase).toBeNull();
    expect(both.issues[0].message).toMatch(/several phases \(arterial, portal_venous\)/);
    // several keywords, but the delay picks one of them
    expect(identifyPhase({ seriesDescription: 'ART/PV 35s' })).toMatchObject({ phase: 'arterial', basis: 'timing' });
  });

  it('parses times, delays and phase names', () => {
    expect(secondsOfDicomTime('101540.5')).toBe(36940.5);
    expect(secondsOfDicomTime('10:15')).toBe(36900);
    expect(secondsOfDicomTime('x')).toBeNull();
    expect(delayFromDescription('2.5mm 3 minutes')).toBe(180);
    expect(delayFromDescription('5mm')).toBeNull();
    expect(parsePhaseName('Delayed')).toBe('delayed');
    expect(parsePhaseName('nonsense')).toBeNull();
  });
});
