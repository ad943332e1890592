/**
 * Shift DICOM DA (YYYYMMDD) and DT (YYYYMMDDHHMMSS.FFFFFF&ZZXX) values by whole days, keeping the
 * time of day; used for the PS3.15 "Retain Longitudinal Temporal Information with Modified Dates"
 * option. Returns null for values that are not a parseable calendar date (the caller then removes them).
 */
export function shiftDicomDate(value: string, offsetDays: number, vr: 'DA' | 'DT'): string | null {
  const v = value.trim();
  if (v === '') return '';
  const m = /^(\d{4})(\d{2})(\d{2})(.*)$/.exec(v);
  if (!m) return null;
  const [, y, mo, d, rest] = m;
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  const check = new Date(t);
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
  if (vr === 'DA' && rest !== '') return null;
  const s = new Date(t + offsetDays * 86_400_000);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  // A DT's UTC offset suffix (&ZZXX) is dropped: Timezone Offset From UTC is removed by the profile too.
  const time = vr === 'DT' ? rest.replace(/[+-]\d{4}$/, '') : '';
  return `${pad(s.getUTCFullYear(), 4)}${pad(s.getUTCMonth() + 1, 2)}${pad(s.getUTCDate(), 2)}${time}`;
}
