import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFingerprint } from '../core/build-id.js';
import { sha256 } from '../core/provenance.js';
import { tableFromColumns } from '../core/table.js';
import { VERSION } from '../core/version.js';
import { landmarkPopulation, MONTHS_PER_WEEK } from './landmark.js';
import { outcomeColumns } from './cohort-data.js';
import { parseStudySettings } from './settings.js';
import { canonicalJson, openStudyStore } from './store.js';
import { selectClinicalModel } from './clinical-selection.js';

describe('landmark population (mRECIST, no immortal time)', () => {
  // Landmark 12 weeks ≈ 2.76 months.
  const t = tableFromColumns({
    os_time: [1, 5, 6, 7, 8, 9, 2.7],
    os_event: [1, 1, 0, 1, 0, 1, 1],
    followup_weeks: [6, 8, 14, 8, 8, 7, 6],
    mrecist: ['PD', 'PR', 'SD', 'NE', 'CR', 'SD', 'SD'],
  });
  const o = outcomeColumns(t, 'os');
  const L = 12 * MONTHS_PER_WEEK;
  const pop = landmarkPopulation(t, [0, 1, 2, 3, 4, 5, 6], o, L);
  it('keeps only patients followed beyond the landmark with a response known by it', () => {
    expect(pop.rows).toEqual([1, 4, 5]);
    expect(pop.response).toEqual([null, 'CR/PR', null, null, 'CR/PR', 'SD', null]);
    // rows 0 and 6 died before the landmark (L = 2.76 months), though row 6 had a scan: excluded, not classed by response
    expect(pop.excluded).toEqual({ eventOrCensoredBeforeLandmark: 2, scanAfterLandmark: 1, notEvaluable: 1 });
    expect(L).toBeCloseTo(2.7598, 4);
  });
  it('counts every patient once', () => {
    const e = pop.excluded;
    expect(pop.rows.length + e.eventOrCensoredBeforeLandmark + e.scanAfterLandmark + e.notEvaluable).toBe(7);
  });
});

describe('study store', () => {
  it('keys by content, reuses, and survives reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-store-'));
    const s = openStudyStore(dir);
    let calls = 0;
    const a = s.memo('model', 'x', { b: 1, a: [1, 2] }, () => (calls++, { v: new Float64Array([1, NaN]) }));
    expect(a.reused).toBe(false);
    expect(a.value).toEqual({ v: [1, null] });
    const again = openStudyStore(dir).memo('model', 'x', { a: [1, 2], b: 1 }, () => (calls++, { v: [] }));
    expect(again).toMatchObject({ reused: true, value: { v: [1, null] }, key: a.key });
    expect(calls).toBe(1);
    expect(s.memo('model', 'x', { a: [1, 2], b: 2 }, () => 0).reused).toBe(false);
    expect(readdirSync(join(dir, 'state', 'objects')).length).toBeGreaterThan(0);
    expect(openStudyStore(dir).entries().map((e) => e.label)).toEqual(['x', 'x']);
    expect(canonicalJson({ z: 1, a: Infinity })).toBe('{"a":null,"z":1}');
  });

  it('does not reuse an object that other code computed (the key carries the build fingerprint)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmf-store-build-'));
    const s = openStudyStore(dir);
    const fresh = s.memo('model', 'x', { a: 1 }, () => ({ v: 1 }));
    expect(s.get(fresh.key)?.build).toBe(buildFingerprint());
    // The same step as a build before fingerprints stored it (kind, version and material only).
    const old = sha256(canonicalJson({ kind: 'model', version: VERSION, material: { a: 2 } }));
    mkdirSync(join(dir, 'state', 'objects', old.slice(0, 2)), { recursive: true });
    writeFileSync(join(dir, 'state', 'objects', old.slice(0, 2), `${old}.json`), JSON.stringify({ key: old, kind: 'model', label: 'x', version: VERSION, createdAt: '', keyMaterial: { a: 2 }, value: { v: 'stale' } }));
    const r = openStudyStore(dir).memo('model', 'x', { a: 2 }, () => ({ v: 'recomputed' }));
    expect(r).toMatchObject({ reused: false, value: { v: 'recomputed' } });
    expect(r.key).toBe(sha256(canonicalJson({ kind: 'model', version: VERSION, build: buildFingerprint(), material: { a: 2 } })));
  });
});

describe('study settings', () => {
  it('fills the paper defaults and rejects bad values with their path', () => {
    const ok = parseStudySettings({});
    if (!ok.ok) throw new Error('defaults');
    expect(ok.value.horizonsMonths).toEqual({ os: [12, 24, 36], pfs: [3, 6, 12] });
    expect(ok.value.models.mmf.scoreColumn).toBeNull();
    expect(ok.value.models.scores.items.map((s) => s.id)).toEqual(['albi', 'crafity', 'bclc', 'child-pugh']);
    const bad = parseStudySettings({ outcomes: ['dfs'], horizonsMonths: { os: [-1] } }, 's.json');
    expect(bad.ok ? [] : bad.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['bad_option', 's.json.outcomes.0'],
      ['bad_option', 's.json.horizonsMonths.os.0'],
    ]);
  });
});

describe('clinical benchmark selection', () => {
  it('screens univariably, then drops terms by AIC, on the given training rows only', () => {
    // x1 drives the hazard; x2 is noise; a copy of the test rows with reversed x1 must not influence selection.
    const n = 80;
    const x1 = Array.from({ length: n }, (_, i) => (i % 10) / 10);
    const x2 = Array.from({ length: n }, (_, i) => ((i * 7) % 13) / 13);
    const time = x1.map((v, i) => 1 + 10 * (1 - v) + ((i * 3) % 5) / 10);
    const event = time.map((_, i) => (i % 4 === 0 ? 0 : 1));
    const t = tableFromColumns({ x1, x2, os_time: time, os_event: event });
    const o = outcomeColumns(t, 'os');
    const train = Array.from({ length: 60 }, (_, i) => i);
    const sel = selectClinicalModel(t, train, o, [{ column: 'x1', kind: 'numeric', transform: 'none' }, { column: 'x2', kind: 'numeric', transform: 'none' }], 0.1);
    expect(sel.screen.map((r) => [r.term, r.n, r.passed])).toEqual([
      ['x1', 60, true],
      ['x2', 60, sel.screen[1].p! < 0.1],
    ]);
    expect(sel.selected.map((s) => s.column)).toEqual(['x1']);
    expect(sel.nComplete).toBe(60);
  });
});
