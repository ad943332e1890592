import { createHash } from 'node:crypto';
import type { Rng } from '../../core/rng.js';
import type { SynthPatient } from '../clinical.js';

/**
 * FAKE identifying DICOM values for a synthetic patient, so that de-identification has something
 * real-looking to remove (name, ID, birth date, institution, accession, physicians, dates). None
 * belongs to a real person; every series also says SYNTHETIC in SeriesDescription and ImageComments.
 */
export interface FakeIdentity {
  readonly PatientName: string;
  readonly PatientID: string;
  readonly PatientBirthDate: string;
  readonly PatientSex: 'M' | 'F';
  readonly PatientAge: string;
  readonly InstitutionName: string;
  readonly InstitutionAddress: string;
  readonly ReferringPhysicianName: string;
  readonly PerformingPhysicianName: string;
  readonly OperatorsName: string;
  readonly AccessionNumber: string;
  readonly StudyID: string;
  readonly StudyDate: string;
  readonly StudyTime: string;
  readonly StationName: string;
}

const SURNAMES = ['WANG', 'LI', 'ZHANG', 'LIU', 'CHEN', 'YANG', 'HUANG', 'ZHAO', 'WU', 'ZHOU', 'XU', 'SUN', 'MA', 'ZHU', 'HU', 'GUO', 'HE', 'LIN', 'GAO', 'LUO'];
const GIVEN_M = ['WEI', 'JIAN', 'MING', 'QIANG', 'JUN', 'LEI', 'TAO', 'BIN', 'HUI', 'GANG'];
const GIVEN_F = ['FANG', 'LI', 'NA', 'MIN', 'JING', 'YAN', 'XIU', 'LING', 'HONG', 'YU'];

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)];
}

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(10));
  return s;
}

function da(d: Date): string {
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

/** Draw a fake identity from the patient's identity stream (study date within 2019–2020). */
export function fakeIdentity(rng: Rng, p: SynthPatient): FakeIdentity {
  const study = new Date(Date.UTC(2019, 0, 1) + rng.int(730) * 86400000);
  const birth = new Date(study.getTime() - (p.ageYears * 365.25 + rng.int(365)) * 86400000);
  const given = pick(rng, p.sex === 'M' ? GIVEN_M : GIVEN_F);
  const hh = 8 + rng.int(9), mm = rng.int(60);
  return {
    PatientName: `${pick(rng, SURNAMES)}^${given}`,
    PatientID: `MRN${digits(rng, 8)}`,
    PatientBirthDate: da(birth),
    PatientSex: p.sex,
    PatientAge: `${String(p.ageYears).padStart(3, '0')}Y`,
    InstitutionName: `${p.centre} Fictional Hepatobiliary Hospital`,
    InstitutionAddress: `${1 + rng.int(999)} Imaginary Road, Nowhere City`,
    ReferringPhysicianName: `${pick(rng, SURNAMES)}^${pick(rng, GIVEN_M)}^^DR`,
    PerformingPhysicianName: `${pick(rng, SURNAMES)}^${pick(rng, GIVEN_F)}`,
    OperatorsName: `${pick(rng, SURNAMES)}^${pick(rng, GIVEN_M)}`,
    AccessionNumber: `ACC${digits(rng, 9)}`,
    StudyID: digits(rng, 6),
    StudyDate: da(study),
    StudyTime: `${String(hh).padStart(2, '0')}${String(mm).padStart(2, '0')}00`,
    StationName: `CT-${p.centre}-1`,
  };
}

/** A deterministic DICOM UID `2.25.<decimal of 120 bits of SHA-256(parts)>`. */
export function synthUid(...parts: readonly (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 30);
  return '2.25.' + BigInt('0x' + h).toString(10);
}

/** DICOM TM "HHMMSS" of `base` (HHMMSS) plus `seconds`. */
export function addSecondsTm(base: string, seconds: number): string {
  const t = Number(base.slice(0, 2)) * 3600 + Number(base.slice(2, 4)) * 60 + Number(base.slice(4, 6)) + Math.round(seconds);
  const h = Math.floor(t / 3600) % 24, m = Math.floor((t % 3600) / 60), s = t % 60;
  return [h, m, s].map((x) => String(x).padStart(2, '0')).join('');
}
