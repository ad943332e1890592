import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../../core/version.js';
import { encodeNifti, writeDicomSeg, writeDicomSeries } from '../../io/index.js';
import type { SynthCohort } from '../cohort.js';
import { fakeIdentity, addSecondsTm, synthUid } from './fake-identity.js';
import type { ImageConfig, MaskFormatShares } from './image-config.js';
import type { PhantomImages } from './phantom.js';
import { phantomRng, renderCohortPhantom } from './phantom.js';
import type { PhantomPhase } from './render.js';
import { PHANTOM_PHASES } from './render.js';
import { writeRtStruct } from './write-rtstruct.js';

/** Mask file formats, as written in the manifest's `mask_format` column. */
export type MaskFormat = 'nifti' | 'dicom-seg' | 'rtstruct';

/** Words every image file carries in its metadata. */
export const SYNTHETIC_MARK = 'SYNTHETIC';

const PHASE_DESCRIPTION: Readonly<Record<PhantomPhase, string>> = { arterial: 'late arterial', portal_venous: 'portal venous', delayed: 'delayed' };

/** What was written for one patient (paths relative to the cohort folder, '/'-separated). */
export interface PatientImageFiles {
  readonly patientId: string;
  readonly centre: string;
  readonly nifti: Readonly<Record<PhantomPhase, string>>;
  /** Folder of each phase's DICOM series, null when the patient has none. */
  readonly dicom: Readonly<Record<PhantomPhase, string>> | null;
  readonly maskNifti: string;
  readonly maskPath: string;
  readonly maskFormat: MaskFormat;
  readonly shape: readonly number[];
  readonly spacing: readonly number[];
  readonly files: number;
  readonly bytes: number;
}

/** The centre whose patients all get DICOM ("last" → the last centre in use), or null. */
export function dicomCentreOf(c: SynthCohort, images: ImageConfig): string | null {
  const ids = c.clinicalModel.centres.map((ct) => ct.id);
  if (images.dicomCentre === null) return null;
  return images.dicomCentre === 'last' ? ids[ids.length - 1] : images.dicomCentre;
}

/** Draw a mask format from normalised shares with one uniform number. */
export function drawMaskFormat(u: number, s: MaskFormatShares): MaskFormat {
  const total = s.nifti + s.dicomSeg + s.rtstruct;
  if (u * total < s.nifti) return 'nifti';
  return u * total < s.nifti + s.dicomSeg ? 'dicom-seg' : 'rtstruct';
}

/** Whether patient `index` gets DICOM series (its own stream; centre rule first). */
export function patientHasDicom(c: SynthCohort, index: number, images: ImageConfig): boolean {
  if (c.patients[index].centre === dicomCentreOf(c, images)) return true;
  return images.dicomShareOthers > 0 && phantomRng(c.seed, index).fork('dicom').uniform() < images.dicomShareOthers;
}

function write(dir: string, rel: string, bytes: Uint8Array, acc: { files: number; bytes: number }): void {
  writeFileSync(join(dir, rel), bytes);
  acc.files++;
  acc.bytes += bytes.length;
}

/**
 * Render patient `index` and write its files under `dir`: `images/<id>/<phase>.nii.gz` (int16 HU),
 * `images/<id>/mask.nii.gz` (uint8 labels 1 liver, 2 tumour, 3 thrombus) always; the mask again as
 * DICOM-SEG (`mask-seg.dcm`) or RTSTRUCT (`mask-rtstruct.dcm`) when the centre's format share
 * draws it; and, for DICOM patients, `dicom/<id>/<phase>/<k>.dcm` CT series with FAKE identifying
 * values. NIfTI `descrip`, DICOM SeriesDescription / ImageComments / StructureSetLabel say SYNTHETIC.
 * UIDs are derived from the seed and patient, so files are byte-identical for the same seed.
 */
export function writePatientImages(c: SynthCohort, index: number, dir: string, images: ImageConfig = c.config.images, rendered?: PhantomImages): PatientImageFiles {
  const p = c.patients[index];
  const im = rendered ?? renderCohortPhantom(c, index, images);
  const acc = { files: 0, bytes: 0 };
  const rng = phantomRng(c.seed, index);
  const rel = `images/${p.id}`;
  mkdirSync(join(dir, rel), { recursive: true });
  const nifti = {} as Record<PhantomPhase, string>;
  for (const ph of PHANTOM_PHASES) {
    nifti[ph] = `${rel}/${ph}.nii.gz`;
    const description = `${SYNTHETIC_MARK} mmf-hcc ${VERSION} phantom ${p.id} ${ph} ${Math.round(im.delaysS[ph])}s`;
    write(dir, nifti[ph], encodeNifti(im.phases[ph], { gzip: true, gzipLevel: images.gzipLevel, description }), acc);
  }
  const maskNifti = `${rel}/mask.nii.gz`;
  write(dir, maskNifti, encodeNifti(im.mask, { gzip: true, gzipLevel: 9, description: `${SYNTHETIC_MARK} mmf-hcc mask ${p.id} 1=liver 2=tumour 3=thrombus` }), acc);

  const key = [c.seed, c.config.cohortName, p.id];
  const studyUid = synthUid(...key, 'study');
  const forUid = synthUid(...key, 'frame-of-reference');
  const seriesUid = (ph: PhantomPhase) => synthUid(...key, 'series', ph);
  const id = fakeIdentity(rng.fork('identity'), p);
  const hasDicom = patientHasDicom(c, index, images);
  let dicom: Record<PhantomPhase, string> | null = null;
  if (hasDicom) {
    dicom = {} as Record<PhantomPhase, string>;
    PHANTOM_PHASES.forEach((ph, s) => {
      const folder = `dicom/${p.id}/${ph}`;
      mkdirSync(join(dir, folder), { recursive: true });
      const t = im.delaysS[ph];
      const slices = writeDicomSeries(im.phases[ph], {
        studyInstanceUid: studyUid,
        seriesInstanceUid: seriesUid(ph),
        frameOfReferenceUid: forUid,
        extraAttributes: {
          ...id,
          SeriesNumber: String(s + 2),
          SeriesDescription: `${SYNTHETIC_MARK} ${PHASE_DESCRIPTION[ph]} ${Math.round(t)}s`,
          ImageComments: `${SYNTHETIC_MARK} DATA - simulated phantom, not a real patient (mmf-hcc ${VERSION})`,
          PatientIdentityRemoved: 'NO',
          BodyPartExamined: 'ABDOMEN',
          Manufacturer: 'MMF-HCC SYNTHETIC PHANTOM',
          KVP: '120',
          ContrastBolusAgent: 'IODINATED',
          ContrastBolusStartTime: id.StudyTime,
          SeriesDate: id.StudyDate,
          AcquisitionDate: id.StudyDate,
          SeriesTime: addSecondsTm(id.StudyTime, t),
          AcquisitionTime: addSecondsTm(id.StudyTime, t),
        },
      });
      for (const sl of slices) write(dir, `${folder}/${String(sl.k + 1).padStart(4, '0')}.dcm`, sl.bytes, acc);
      dicom![ph] = folder;
    });
  }

  const format = drawMaskFormat(rng.fork('mask-format').uniform(), im.scanner.maskFormats);
  let maskPath = maskNifti;
  if (format === 'dicom-seg') {
    maskPath = `${rel}/mask-seg.dcm`;
    const present = [1, 2, 3].filter((l) => im.mask.data.includes(l));
    write(dir, maskPath, writeDicomSeg(im.mask, { labels: present, seriesDescription: `${SYNTHETIC_MARK} liver/tumour/thrombus mask`, studyInstanceUid: studyUid, frameOfReferenceUid: forUid }).bytes, acc);
  } else if (format === 'rtstruct') {
    maskPath = `${rel}/mask-rtstruct.dcm`;
    const pv = seriesUid('portal_venous');
    const r = writeRtStruct(im.mask, {
      rois: [
        { name: 'Liver', labels: [1, 2, 3], interpretedType: 'ORGAN', colour: [170, 110, 60] },
        { name: 'Tumour', labels: [2], interpretedType: 'GTV', colour: [255, 0, 0] },
        { name: 'Thrombus', labels: [3], interpretedType: 'GTV', colour: [0, 200, 255] },
      ],
      studyInstanceUid: studyUid,
      seriesInstanceUid: synthUid(...key, 'rtstruct'),
      sopInstanceUid: synthUid(...key, 'rtstruct', 'sop'),
      frameOfReferenceUid: forUid,
      referencedSeriesInstanceUid: pv,
      referencedSopInstanceUid: (k) => `${pv}.${k + 1}`,
      extraAttributes: {
        SeriesDescription: `${SYNTHETIC_MARK} liver/tumour/thrombus contours`,
        ImageComments: `${SYNTHETIC_MARK} DATA - simulated phantom, not a real patient`,
        ...(hasDicom ? { PatientName: id.PatientName, PatientID: id.PatientID, PatientBirthDate: id.PatientBirthDate, PatientSex: id.PatientSex, StudyDate: id.StudyDate, StudyTime: id.StudyTime, AccessionNumber: id.AccessionNumber } : { PatientName: '', PatientID: '' }),
      },
    });
    write(dir, maskPath, r.bytes, acc);
  }
  return { patientId: p.id, centre: p.centre, nifti, dicom, maskNifti, maskPath, maskFormat: format, shape: [...im.grid.shape], spacing: [...im.grid.spacing], files: acc.files, bytes: acc.bytes };
}
