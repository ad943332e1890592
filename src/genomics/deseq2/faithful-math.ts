/**
 * Correctly rounded exp and log, and log Γ laid out the way R's `lgammafn` evaluates it, so that the
 * dispersion log posterior carries the same last-bit rounding as DESeq2's C++ (which calls glibc's
 * `exp`/`log`, correctly rounded in practice, and R's `lgammafn`). V8's `Math.exp` is only faithful
 * (≤ 1 ulp): at α ≈ 1e-8 one ulp of α moves lgamma(y + 1/α) − lgamma(1/α) by ~1e-7, enough to change
 * which grid point maximises a flat posterior. Internals use double-double arithmetic (Dekker).
 */
import { logGamma } from '../../core/distributions.js';

const SPLITTER = 134217729; // 2^27 + 1
const LN2_HI = 0.6931471805599453; // nearest double to ln 2
const LN2_LO = 2.3190468138462996e-17; // ln 2 − LN2_HI
const LN_SQRT_2PI = 0.918938533204672741780329736406;

// Scratch outputs of the double-double helpers (no allocation on the hot path).
let rh = 0;
let rl = 0;

/** Exact product a·b = p + e (Dekker); writes p to rh, e to rl. */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  rh = p;
  rl = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** (ah + al)·(bh + bl) in double-double; result in rh, rl. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const p = rh;
  const e = rl + (ah * bl + al * bh);
  rh = p + e;
  rl = e - (rh - p);
}

/** (ah + al) + (bh + bl) in double-double; result in rh, rl. */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  const bv = s - ah;
  const e = ah - (s - bv) + (bh - bv) + al + bl;
  rh = s + e;
  rl = e - (rh - s);
}

/** (ah + al)/d for a double d; result in rh, rl. */
function ddDivD(ah: number, al: number, d: number): void {
  const q = ah / d;
  twoProd(q, d);
  const r = (ah - rh - rl + al) / d;
  rh = q + r;
  rl = r - (rh - q);
}

/** exp(x + xl) as a double-double (rh + rl) with relative error ~1e-31; |x| < 700. */
function expDD(x: number, xl: number): void {
  const k = Math.round(x / LN2_HI);
  twoProd(k, LN2_HI);
  const p = rh;
  const pe = rl;
  // r = x − k·ln2 in double-double
  ddAdd(x, xl, -p, -pe);
  ddAdd(rh, rl, -k * LN2_LO, 0);
  const th = rh / 1024;
  const tl = rl / 1024;
  // expm1(t) by Horner: t(1 + t/2(1 + t/3(…(1 + t/9))))
  let sh = 1;
  let sl = 0;
  for (let n = 9; n >= 2; n--) {
    ddMul(sh, sl, th, tl);
    ddDivD(rh, rl, n);
    ddAdd(1, 0, rh, rl);
    sh = rh;
    sl = rl;
  }
  ddMul(sh, sl, th, tl);
  let mh = rh;
  let ml = rl;
  // e^{2t} − 1 = (e^t − 1)(e^t − 1 + 2), ten times
  for (let i = 0; i < 10; i++) {
    ddAdd(mh, ml, 2, 0);
    ddMul(mh, ml, rh, rl);
    mh = rh;
    ml = rl;
  }
  ddAdd(1, 0, mh, ml);
  const scale = 2 ** k;
  rh *= scale;
  rl *= scale;
}

const TABLE_N = 64;
/** 2^(j/64) as double-doubles (built once with the slow `expDD`). */
const POW2_HI = new Float64Array(TABLE_N);
const POW2_LO = new Float64Array(TABLE_N);
for (let j = 0; j < TABLE_N; j++) {
  twoProd(j / TABLE_N, LN2_HI);
  expDD(rh, rl + (j / TABLE_N) * LN2_LO);
  POW2_HI[j] = rh;
  POW2_LO[j] = rl;
}

/**
 * Fast double-double exp: x = (64k + j)·ln2/64 + r, |r| ≤ ln2/128; e^x = 2^k·2^(j/64)·(1 + r + q(r))
 * with the Taylor tail q = r²/2 + … + r⁷/5040 in double (relative error ~1e-20); result in rh, rl.
 */
function expFastDD(x: number): void {
  const n = Math.round((x * TABLE_N) / LN2_HI);
  const j = ((n % TABLE_N) + TABLE_N) % TABLE_N;
  const k = (n - j) / TABLE_N;
  twoProd(n, LN2_HI / TABLE_N);
  ddAdd(x, 0, -rh, -rl);
  ddAdd(rh, rl, -n * (LN2_LO / TABLE_N), 0);
  const r = rh;
  const q = r * r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r / 5040)))));
  ddAdd(r, rl, q, 0); // e^r − 1
  const mh = rh;
  const ml = rl;
  ddMul(POW2_HI[j], POW2_LO[j], mh, ml);
  ddAdd(POW2_HI[j], POW2_LO[j], rh, rl);
  const scale = 2 ** k;
  rh *= scale;
  rl *= scale;
}

/**
 * exp(x) rounded to nearest (as glibc's `exp`). Falls back to `Math.exp` outside |x| < 700.
 * @see R `exp` (C library)
 */
export function expRN(x: number): number {
  if (!(Math.abs(x) < 700)) return Math.exp(x);
  expFastDD(x);
  return rh + rl;
}

/**
 * log(v) rounded to nearest (as glibc's `log`): one Newton step y₀ + (v − e^{y₀})/e^{y₀} from
 * `Math.log`, with e^{y₀} in double-double.
 * @see R `log` (C library)
 */
export function logRN(v: number): number {
  const y0 = Math.log(v);
  if (!(v > 1e-300 && v < 1e300)) return y0;
  expFastDD(y0);
  const eh = rh;
  const el = rl;
  const d = v - eh; // exact: e^{y₀} is within a few ulps of v
  return y0 + (d - el) / eh;
}

/** Chebyshev coefficients of the Stirling remainder on x ≥ 10 (SLATEC D9LGMC, W. Fullerton), first 5. */
const STIRLING_CHEB = [0.1666389480451863247205729650822, -0.1384948176067563840732986059135e-4, 0.9810825646924729426157171547487e-8, -0.1809129475572494194263306266719e-10, 0.6221098041892605227126015543416e-13];
const STIRLING_CHEB_XBIG = 94906265.62425156;

/**
 * Stirling remainder lgamma(x) − [(x − ½)·log x − x + log √(2π)] for x ≥ 10: the Chebyshev series
 * Σ' c_k T_k(2(10/x)² − 1)/x (Clenshaw), or 1/(12x) beyond 2^26.5.
 * @see R `lgammacor`
 */
export function stirlingRemainder(x: number): number {
  if (x >= STIRLING_CHEB_XBIG) return 1 / (x * 12);
  const t = 10 / x;
  const u = t * t * 2 - 1;
  const twoU = 2 * u;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  for (let i = STIRLING_CHEB.length - 1; i >= 0; i--) {
    b2 = b1;
    b1 = b0;
    b0 = twoU * b1 - b2 + STIRLING_CHEB[i];
  }
  return (b0 - b2) * 0.5 / x;
}

/**
 * log Γ(x) for x > 0 with R's layout for x > 10: log √(2π) + (x − ½)·log x − x [+ remainder, omitted
 * above 4934720 as R does], x·(log x − 1) above 1e17; below 10 the core Lanczos `logGamma`.
 * @see R `lgammafn`
 */
export function lgammaR(x: number): number {
  return lgammaLayout(x, logRN);
}

/** {@link lgammaR}'s layout with V8's faithful (≤ 1 ulp) `Math.log`: for posteriors that are not flat. */
export function lgammaFast(x: number): number {
  return lgammaLayout(x, Math.log);
}

function lgammaLayout(x: number, log: (v: number) => number): number {
  if (x <= 10) return logGamma(x);
  if (x > 1e17) return x * (log(x) - 1);
  if (x > 4934720) return LN_SQRT_2PI + (x - 0.5) * log(x) - x;
  return LN_SQRT_2PI + (x - 0.5) * log(x) - x + stirlingRemainder(x);
}
