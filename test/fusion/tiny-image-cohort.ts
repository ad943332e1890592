import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../../src/core/rng.js';
import { makeVolume } from '../../src/core/volume.js';
import { writeNifti } from '../../src/io/index.js';

/**
 * A tiny imaging cohort written for tests: per patient one portal-venous CT volume (int16 HU,
 * 20 × 20 × 10 voxels of 2 × 2 × 2.5 mm) with a spherical tumour whose radius and mean HU carry a
 * latent risk, plus a per-centre HU offset (the "scanner" effect ComBat should remove), a binary
 * mask, and survival times drawn from the same latent risk. Written with io's `writeNifti`;
 * `manifest.json` splits by centre (C1 training, C2 internal validation, C3 external test).
 */
export function writeTinyImageCohort(dir: string, options: { perCentre?: [number, number, number]; seed?: number; centreShiftHu?: number } = {}): { manifest: string; latent: Map<string, number> } {
  const per = options.perCentre ?? [40, 12, 12];
  const rng = createRng(options.seed ?? 1);
  const shift = options.centreShiftHu ?? 40;
  mkdirSync(join(dir, 'img'), { recursive: true });
  const rows: string[] = ['patient_id,centre,age,os_time,os_event,pfs_time,pfs_event,image_portal_venous,mask_portal_venous'];
  const latent = new Map<string, number>();
  const shape: [number, number, number] = [20, 20, 10];
  const spacing: [number, number, number] = [2, 2, 2.5];
  let id = 0;
  ['C1', 'C2', 'C3'].forEach((centre, c) => {
    for (let k = 0; k < per[c]; k++) {
      const pid = `P${String(++id).padStart(3, '0')}`;
      const z = rng.normal();
      latent.set(pid, z);
      const radius = 7 + 2 * z + rng.normal() * 0.5; // mm
      const tumourHu = 60 - 15 * z + c * shift;
      const img = new Int16Array(shape[0] * shape[1] * shape[2]);
      const mask = new Uint8Array(img.length);
      for (let kk = 0; kk < shape[2]; kk++) for (let j = 0; j < shape[1]; j++) for (let i = 0; i < shape[0]; i++) {
        const q = i + shape[0] * (j + shape[1] * kk);
        const d = Math.hypot((i - 9.5) * spacing[0], (j - 9.5) * spacing[1], (kk - 4.5) * spacing[2]);
        const inside = d <= Math.max(radius, 3);
        mask[q] = inside ? 1 : 0;
        const base = inside ? tumourHu + 10 * Math.sin(i * (1 + (z > 0 ? 1 : 0))) : 100 + c * shift;
        img[q] = Math.round(base + 12 * rng.normal());
      }
      const geom = { shape, spacing, origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [number, number, number, number, number, number, number, number, number] };
      writeNifti(join(dir, 'img', `${pid}_pv.nii.gz`), makeVolume({ ...geom, data: img }));
      writeNifti(join(dir, 'img', `${pid}_mask.nii.gz`), makeVolume({ ...geom, data: mask }));
      const os = -Math.log(1 - rng.uniform()) / (0.05 * Math.exp(1.4 * z));
      const cens = 10 + 30 * rng.uniform();
      const pfs = Math.min(os, -Math.log(1 - rng.uniform()) / (0.15 * Math.exp(1.4 * z)));
      const t = Math.min(os, cens);
      const tp = Math.min(pfs, cens);
      rows.push([pid, centre, (60 + 8 * rng.normal()).toFixed(0), t.toFixed(3), os <= cens ? 1 : 0, tp.toFixed(3), pfs <= cens ? 1 : 0, `img/${pid}_pv.nii.gz`, `img/${pid}_mask.nii.gz`].join(','));
    }
  });
  writeFileSync(join(dir, 'patients.csv'), rows.join('\n') + '\n');
  const manifest = join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ cohort: 'tiny-images', patients: 'patients.csv', phases: ['portal_venous'], split: { kind: 'by-centre', training: ['C1'], internalValidation: ['C2'], externalTest: ['C3'] }, variables: [{ column: 'age', kind: 'numeric' }] }));
  return { manifest, latent };
}
