import { writeDicomSeries } from '../../src/io/dicom/write-dicom-series.js';
import type { WrittenDicomSlice } from '../../src/io/dicom/write-dicom-series.js';
import { syntheticCt } from './synthetic-dicom.js';

/** Fake identifying values seeded into test files; none may survive de-identification. */
export const SEEDED = {
  PatientName: 'Testperson^Ingrid^Maria',
  PatientID: 'HOSP-778899',
  PatientBirthDate: '19580317',
  InstitutionName: 'St Elsewhere General Hospital',
  InstitutionAddress: '12 Nowhere Lane Springfield',
  AccessionNumber: 'ACC20230917X',
  ReferringPhysicianName: 'Drfeelgood^Walter',
  PerformingPhysicianName: 'Kildare^James',
  OperatorsName: 'Radiographer^Ronja',
  StudyID: 'STUDY-5521',
  StudyDate: '20230917',
  SeriesDate: '20230918',
  StudyDescription: 'LIVER TRIPHASIC Ingrid',
  OtherPatientID: 'OLD-ID-4455',
  ReferencedUid: '1.3.6.1.4.1.99999.1.2.3.4',
  StudyInstanceUID: '1.3.6.1.4.1.99999.7.7.1',
  SeriesInstanceUID: '1.3.6.1.4.1.99999.7.7.2',
  FrameOfReferenceUID: '1.3.6.1.4.1.99999.7.7.3',
} as const;

/** Every seeded string that must be absent from de-identified output (with name components). */
export const FORBIDDEN: readonly string[] = [
  ...Object.values(SEEDED),
  'Testperson',
  'Ingrid',
  'Drfeelgood',
  'Kildare',
  'Radiographer',
  'Elsewhere',
  'Springfield',
];

/** A CT series (`nz` slices) carrying the seeded identifiers, including UIDs inside sequences. */
export function seededSeries(nz = 3): WrittenDicomSlice[] {
  return writeDicomSeries(syntheticCt([4, 3, nz]), {
    studyInstanceUid: SEEDED.StudyInstanceUID,
    seriesInstanceUid: SEEDED.SeriesInstanceUID,
    frameOfReferenceUid: SEEDED.FrameOfReferenceUID,
    extraAttributes: {
      PatientName: SEEDED.PatientName,
      PatientID: SEEDED.PatientID,
      PatientBirthDate: SEEDED.PatientBirthDate,
      PatientSex: 'F',
      InstitutionName: SEEDED.InstitutionName,
      InstitutionAddress: SEEDED.InstitutionAddress,
      AccessionNumber: SEEDED.AccessionNumber,
      ReferringPhysicianName: SEEDED.ReferringPhysicianName,
      PerformingPhysicianName: SEEDED.PerformingPhysicianName,
      OperatorsName: SEEDED.OperatorsName,
      StudyID: SEEDED.StudyID,
      StudyDate: SEEDED.StudyDate,
      StudyTime: '101530',
      SeriesDate: SEEDED.SeriesDate,
      SeriesTime: '102000',
      StudyDescription: SEEDED.StudyDescription,
      OtherPatientIDsSequence: [{ PatientID: SEEDED.OtherPatientID, TypeOfPatientID: 'TEXT' }],
      ReferencedImageSequence: [{ ReferencedSOPClassUID: '1.2.840.10008.5.1.4.1.1.2', ReferencedSOPInstanceUID: SEEDED.ReferencedUid }],
    },
  });
}
