import type { Issue, Result } from '../core/issues.js';
import { fail, issueError, ok } from '../core/issues.js';
import type { Table } from '../core/table.js';
import { missingColumnIssue, numericColumn } from '../core/table.js';

/**
 * Checked survival outcomes: the one gate every survival routine receives its data through.
 * Right-censored `(time, event)` or counting-process `(entry, time, event]` with optional strata,
 * cluster and case weights. Built only by `makeSurvivalData` / `parseSurvival`, which validate.
 */
export interface SurvivalData {
  readonly n: number;
  /** Exit (stop) time, in the units of the input (days unless stated). */
  readonly time: Float64Array;
  /** 1 = event, 0 = censored. */
  readonly event: Uint8Array;
  /** Entry (start) time for delayed entry / (start, stop] rows; null for plain right censoring. */
  readonly entry: Float64Array | null;
  /** Stratum index per row (0-based into `strataLevels`); null when unstratified. */
  readonly strata: Int32Array | null;
  readonly strataLevels: readonly string[];
  /** Cluster index per row for grouped sandwich variance; null when absent. */
  readonly cluster: Int32Array | null;
  readonly clusterLevels: readonly string[];
  /** Case weights (> 0); null means all 1. */
  readonly weights: Float64Array | null;
  /** Original 0-based row index of each kept row (so results map back to the user's table). */
  readonly rowIndex: Int32Array;
}

/** A row removed before analysis, and why. */
export interface DroppedRow {
  /** 1-based data row in the user's table. */
  readonly row: number;
  readonly column: string;
  readonly reason: 'missing_value';
}

/** What `parseSurvival` returns on success. */
export interface ParsedSurvival {
  readonly data: SurvivalData;
  readonly dropped: readonly DroppedRow[];
  /** How the event column was coded: R accepts 0/1, 1/2 (1 = censored) and logical. */
  readonly eventCoding: '0/1' | '1/2' | 'logical';
  /** One sentence for reports: "227 of 228 rows analysed; 1 dropped (missing ph.ecog: 1)". */
  readonly summary: string;
}

/** Which columns hold the outcome and its companions. */
export interface SurvivalColumns {
  readonly time: string;
  readonly event: string;
  readonly entry?: string;
  /** One or more columns whose combination defines strata (R: `strata(a, b)`). */
  readonly strata?: readonly string[];
  readonly cluster?: string;
  readonly weights?: string;
  /** Further columns (covariates, markers) whose missing values also drop the row (complete cases). */
  readonly alsoRequire?: readonly string[];
}

/** Arrays for programmatic construction; same validation as the table path. */
export interface SurvivalArrays {
  readonly time: ArrayLike<number>;
  readonly event: ArrayLike<number | boolean>;
  readonly entry?: ArrayLike<number>;
  readonly strata?: ArrayLike<string | number>;
  readonly cluster?: ArrayLike<string | number>;
  readonly weights?: ArrayLike<number>;
}

function compareLevels(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Factor codes with levels sorted as R sorts factor levels (numerically when all numeric). */
export function factorCodes(values: readonly string[]): { codes: Int32Array; levels: string[] } {
  const levels = [...new Set(values)].sort(compareLevels);
  const index = new Map(levels.map((l, i) => [l, i]));
  const codes = new Int32Array(values.length);
  values.forEach((v, i) => (codes[i] = index.get(v)!));
  return { codes, levels };
}

function decodeEvents(raw: ArrayLike<number | boolean>, column: string, rows: ArrayLike<number>): { event: Uint8Array; coding: ParsedSurvival['eventCoding']; issues: Issue[] } {
  const n = raw.length;
  const event = new Uint8Array(n);
  const issues: Issue[] = [];
  let logical = false;
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const v = raw[i];
    if (typeof v === 'boolean') {
      logical = true;
      seen.add(v ? 1 : 0);
    } else seen.add(v);
  }
  if (logical) {
    for (let i = 0; i < n; i++) event[i] = raw[i] ? 1 : 0;
    return { event, coding: 'logical', issues };
  }
  const onlyIn = (allowed: number[]) => [...seen].every((v) => allowed.includes(v));
  let coding: ParsedSurvival['eventCoding'];
  let offset: number;
  if (onlyIn([0, 1])) {
    coding = '0/1';
    offset = 0;
  } else if (onlyIn([1, 2])) {
    coding = '1/2';
    offset = 1;
  } else {
    coding = '0/1';
    offset = 0;
    const allowed = seen.has(2) && !seen.has(0) ? [1, 2] : [0, 1];
    for (let i = 0; i < n; i++) {
      const v = Number(raw[i]);
      if (!allowed.includes(v)) {
        issues.push(
          issueError('bad_event_code', ['row', rows[i] + 1, column], `row ${rows[i] + 1}: event "${column}" has value ${v}`, {
            expected: '0/1 (0 = censored) or 1/2 (1 = censored, 2 = event, as R) used consistently',
            received: String(v),
          }),
        );
      }
    }
    return { event, coding, issues };
  }
  for (let i = 0; i < n; i++) event[i] = Number(raw[i]) - offset;
  return { event, coding, issues };
}

function validate(a: SurvivalArrays, names: { time: string; event: string; entry: string; weights: string }, rows: ArrayLike<number>): { data?: SurvivalData; coding: ParsedSurvival['eventCoding']; issues: Issue[] } {
  const n = a.time.length;
  const issues: Issue[] = [];
  const rowOf = (i: number) => rows[i] + 1;
  const lengths: [string, number | undefined][] = [
    [names.event, a.event.length],
    [names.entry, a.entry?.length],
    ['strata', a.strata?.length],
    ['cluster', a.cluster?.length],
    [names.weights, a.weights?.length],
  ];
  for (const [name, len] of lengths) {
    if (len !== undefined && len !== n) issues.push(issueError('bad_option', [name], `${name} has ${len} values but time has ${n}`, { expected: String(n), received: String(len) }));
  }
  if (issues.length) return { coding: '0/1', issues };
  if (n === 0) {
    issues.push(issueError('empty_data', [], 'no rows to analyse', { expected: 'at least one row with time and event' }));
    return { coding: '0/1', issues };
  }
  const time = Float64Array.from(a.time);
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (!Number.isFinite(t)) issues.push(issueError('non_finite', ['row', rowOf(i), names.time], `row ${rowOf(i)}: time "${names.time}" is not a finite number`, { expected: 'a finite time >= 0', received: String(t) }));
    else if (t < 0) issues.push(issueError('negative_time', ['row', rowOf(i), names.time], `row ${rowOf(i)}: time "${names.time}" is negative`, { expected: 'time >= 0', received: String(t) }));
  }
  const { event, coding, issues: evIssues } = decodeEvents(a.event, names.event, rows);
  issues.push(...evIssues);
  let entry: Float64Array | null = null;
  if (a.entry) {
    entry = Float64Array.from(a.entry);
    for (let i = 0; i < n; i++) {
      const s = entry[i];
      if (!Number.isFinite(s)) issues.push(issueError('non_finite', ['row', rowOf(i), names.entry], `row ${rowOf(i)}: entry "${names.entry}" is not a finite number`, { expected: 'a finite entry time', received: String(s) }));
      else if (Number.isFinite(time[i]) && !(s < time[i])) {
        issues.push(issueError('entry_not_before_exit', ['row', rowOf(i), names.entry], `row ${rowOf(i)}: entry time ${s} is not before exit time ${time[i]}`, { expected: 'entry < exit', received: `entry ${s}, exit ${time[i]}` }));
      }
    }
  }
  let weights: Float64Array | null = null;
  if (a.weights) {
    weights = Float64Array.from(a.weights);
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (!Number.isFinite(w) || w <= 0) issues.push(issueError('negative_weight', ['row', rowOf(i), names.weights], `row ${rowOf(i)}: weight is not a positive finite number`, { expected: 'weight > 0', received: String(w) }));
    }
  }
  let strata: Int32Array | null = null;
  let strataLevels: string[] = [];
  if (a.strata) {
    const f = factorCodes(Array.from(a.strata, String));
    strata = f.codes;
    strataLevels = f.levels;
  }
  let cluster: Int32Array | null = null;
  let clusterLevels: string[] = [];
  if (a.cluster) {
    const f = factorCodes(Array.from(a.cluster, String));
    cluster = f.codes;
    clusterLevels = f.levels;
  }
  if (issues.length) return { coding, issues };
  return {
    coding,
    issues,
    data: { n, time, event, entry, strata, strataLevels, cluster, clusterLevels, weights, rowIndex: Int32Array.from(rows) },
  };
}

/** Validate arrays into `SurvivalData` (all problems collected). @see R survival::Surv (the same checks on in-memory arrays) */
export function makeSurvivalData(a: SurvivalArrays): Result<SurvivalData> {
  const rows = Int32Array.from({ length: a.time.length }, (_, i) => i);
  const v = validate(a, { time: 'time', event: 'event', entry: 'entry', weights: 'weights' }, rows);
  return v.data ? ok(v.data) : fail(v.issues);
}

/**
 * Read and check survival outcomes from a table. Rows with a missing value in any used column
 * are dropped and listed (R's `na.omit`); invalid values (negative or non-finite times, event
 * codes other than 0/1 or 1/2, entry >= exit, non-positive weights, unparsable numbers) are
 * errors that name the row, column, expected and found value.
 * @see R survival::Surv with na.action = na.omit; sksurv.util.check_y_survival
 */
export function parseSurvival(table: Table, cols: SurvivalColumns): Result<ParsedSurvival> {
  const issues: Issue[] = [];
  const used: [string, string][] = [
    [cols.time, 'time'],
    [cols.event, 'event'],
  ];
  if (cols.entry) used.push([cols.entry, 'entry time']);
  for (const s of cols.strata ?? []) used.push([s, 'strata']);
  if (cols.cluster) used.push([cols.cluster, 'cluster']);
  if (cols.weights) used.push([cols.weights, 'weights']);
  for (const c of cols.alsoRequire ?? []) if (!used.some(([u]) => u === c)) used.push([c, 'covariate']);
  for (const [c, role] of used) if (!table.cells.has(c)) issues.push(missingColumnIssue(table, c, role));
  if (issues.length) {
    // One header cell holding ';' or a tab: the file is not comma-separated (e.g. a European Excel export).
    const only = table.columns.length === 1 ? table.columns[0] : '';
    const sep = only.includes(';') ? ';' : only.includes('\t') ? 'tab' : null;
    if (sep) {
      issues.unshift(issueError('bad_csv', [table.source], `the header is one column "${only}": the file looks ${sep === ';' ? 'semicolon' : 'tab'}-separated`, { expected: 'comma-separated values (save as CSV with "," as the delimiter)', received: `${sep}-separated header` }));
    }
    return fail(issues);
  }

  // Missing values in any used column drop the row.
  const dropped: DroppedRow[] = [];
  const droppedSet = new Set<number>();
  for (const [c] of used) {
    const col = table.cells.get(c)!;
    for (let i = 0; i < table.nRows; i++) {
      if (col[i] === null && !droppedSet.has(i)) {
        droppedSet.add(i);
        dropped.push({ row: i + 1, column: c, reason: 'missing_value' });
      }
    }
  }
  const keep: number[] = [];
  for (let i = 0; i < table.nRows; i++) if (!droppedSet.has(i)) keep.push(i);

  const numericOf = (c: string, role: string): Float64Array => {
    const r = numericColumn(table, c, role);
    issues.push(...r.issues.filter((iss) => !droppedSet.has((iss.path[1] as number) - 1)));
    return Float64Array.from(keep, (i) => r.values[i]);
  };
  const time = numericOf(cols.time, 'time');
  const eventCol = table.cells.get(cols.event)!;
  const eventRaw: (number | boolean)[] = keep.map((i) => {
    const cell = eventCol[i]!;
    const low = cell.toLowerCase();
    if (low === 'true' || low === 'false') return low === 'true';
    const v = Number(cell);
    if (Number.isNaN(v)) {
      issues.push(issueError('bad_event_code', ['row', i + 1, cols.event], `row ${i + 1}: event "${cols.event}" is not a number`, { expected: '0/1, 1/2 or TRUE/FALSE', received: JSON.stringify(cell) }));
      return 0;
    }
    return v;
  });
  const entry = cols.entry ? numericOf(cols.entry, 'entry time') : undefined;
  const weights = cols.weights ? numericOf(cols.weights, 'weights') : undefined;
  const strata = cols.strata && cols.strata.length
    ? keep.map((i) => (cols.strata!.length === 1 ? table.cells.get(cols.strata![0])![i]! : cols.strata!.map((s) => `${s}=${table.cells.get(s)![i]}`).join(', ')))
    : undefined;
  const cluster = cols.cluster ? keep.map((i) => table.cells.get(cols.cluster!)![i]!) : undefined;
  const v = validate(
    { time, event: eventRaw, entry, weights, strata, cluster },
    { time: cols.time, event: cols.event, entry: cols.entry ?? 'entry', weights: cols.weights ?? 'weights' },
    Int32Array.from(keep),
  );
  if (issues.length || !v.data) {
    // Collect everything: parse problems first, then validation problems on other cells.
    const seen = new Set(issues.map((i) => i.path.join('\u0000')));
    const merged = [...issues];
    for (const i of v.issues) if (!seen.has(i.path.join('\u0000'))) merged.push(i);
    return fail(merged);
  }
  if (strata && cols.strata!.length > 1) {
    // Order combined strata as R does: by the first column's level, then the next.
    const parts = cols.strata!.map((s) => factorCodes(keep.map((i) => table.cells.get(s)![i]!)));
    const labelOf = new Map<string, number[]>();
    keep.forEach((_, k) => labelOf.set(strata[k], parts.map((p) => p.codes[k])));
    const levels = [...labelOf.keys()].sort((a, b) => {
      const ka = labelOf.get(a)!;
      const kb = labelOf.get(b)!;
      for (let j = 0; j < ka.length; j++) if (ka[j] !== kb[j]) return ka[j] - kb[j];
      return 0;
    });
    const idx = new Map(levels.map((l, i) => [l, i]));
    const codes = Int32Array.from(strata, (s) => idx.get(s)!);
    (v.data as { strata: Int32Array | null }).strata = codes;
    (v.data as { strataLevels: readonly string[] }).strataLevels = levels;
  }
  const byColumn = new Map<string, number>();
  for (const d of dropped) byColumn.set(d.column, (byColumn.get(d.column) ?? 0) + 1);
  const why = [...byColumn].map(([c, k]) => `missing ${c}: ${k}`).join(', ');
  const summary = `${keep.length} of ${table.nRows} rows analysed` + (dropped.length ? `; ${dropped.length} dropped (${why})` : '');
  const warnings: Issue[] = [];
  if (v.data.event.every((e) => e === 0)) warnings.push({ code: 'no_events', severity: 'warning', path: [cols.event], message: 'no events: every row is censored' });
  return ok({ data: v.data, dropped, eventCoding: v.coding, summary }, warnings);
}

/** Select a subset of rows (e.g. one group) keeping every companion array consistent. @see R `[.Surv` (row subset) */
export function subsetSurvival(d: SurvivalData, rows: ArrayLike<number>): SurvivalData {
  const pick = <T extends Float64Array | Int32Array | Uint8Array>(a: T | null, make: (n: number) => T): T | null => {
    if (!a) return null;
    const out = make(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = a[rows[k]];
    return out;
  };
  return {
    n: rows.length,
    time: pick(d.time, (n) => new Float64Array(n))!,
    event: pick(d.event, (n) => new Uint8Array(n))!,
    entry: pick(d.entry, (n) => new Float64Array(n)),
    strata: pick(d.strata, (n) => new Int32Array(n)),
    strataLevels: d.strataLevels,
    cluster: pick(d.cluster, (n) => new Int32Array(n)),
    clusterLevels: d.clusterLevels,
    weights: pick(d.weights, (n) => new Float64Array(n)),
    rowIndex: pick(d.rowIndex, (n) => new Int32Array(n))!,
  };
}
