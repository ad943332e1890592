/**
 * A minimal WebAssembly binary writer: just enough to emit the project's few SIMD loops (i32 pointer
 * arithmetic, structured loops, f32 and f32x4 loads, stores and arithmetic) as functions of one module
 * that imports a memory (tfjs-wasm's heap). Encodings follow the WebAssembly core specification 2.0
 * (binary format, §5) and the fixed-width SIMD proposal (0xFD-prefixed opcodes).
 */

/** Value types (§5.3.1). */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof V128;

function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function name(s: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(s));
  return [...uleb(bytes.length), ...bytes];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** Instruction emitter for one function body; locals are numbered after the parameters. */
export class FunctionBody {
  readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(private readonly paramCount: number) {}

  /** Declare a local of type t; returns its index. */
  local(t: ValType): number {
    this.localTypes.push(t);
    return this.paramCount + this.localTypes.length - 1;
  }

  get(i: number): this {
    this.code.push(0x20, ...uleb(i));
    return this;
  }
  set(i: number): this {
    this.code.push(0x21, ...uleb(i));
    return this;
  }
  tee(i: number): this {
    this.code.push(0x22, ...uleb(i));
    return this;
  }
  i32(v: number): this {
    this.code.push(0x41, ...sleb(v));
    return this;
  }
  f32(v: number): this {
    const b = new Uint8Array(new Float32Array([v]).buffer);
    this.code.push(0x43, ...b);
    return this;
  }
  i32Add(): this {
    this.code.push(0x6a);
    return this;
  }
  i32Sub(): this {
    this.code.push(0x6b);
    return this;
  }
  i32Mul(): this {
    this.code.push(0x6c);
    return this;
  }
  i32LtU(): this {
    this.code.push(0x49);
    return this;
  }
  i32GeU(): this {
    this.code.push(0x4f);
    return this;
  }
  /** v128.load with a constant byte offset (address on the stack). */
  v128Load(offset = 0): this {
    this.code.push(0xfd, ...uleb(0x00), 0, ...uleb(offset));
    return this;
  }
  /** v128.store (address, value on the stack). */
  v128Store(offset = 0): this {
    this.code.push(0xfd, ...uleb(0x0b), 0, ...uleb(offset));
    return this;
  }
  f32x4Splat(): this {
    this.code.push(0xfd, ...uleb(0x13));
    return this;
  }
  f32x4Add(): this {
    this.code.push(0xfd, ...uleb(0xe4));
    return this;
  }
  f32x4Sub(): this {
    this.code.push(0xfd, ...uleb(0xe5));
    return this;
  }
  f32x4Mul(): this {
    this.code.push(0xfd, ...uleb(0xe6));
    return this;
  }

  /** `local += step` for an i32 local. */
  inc(i: number, step: number | (() => void)): this {
    this.get(i);
    if (typeof step === 'number') this.i32(step);
    else step();
    return this.i32Add().set(i);
  }

  /**
   * `for (counter = from; counter < end; counter += step) body()` over i32 locals, unsigned compare;
   * `from`, `end` and `step` push one i32 each.
   */
  forLoop(counter: number, from: () => void, end: () => void, step: () => void, body: () => void): this {
    from();
    this.set(counter);
    this.code.push(0x02, 0x40); // block
    this.get(counter);
    end();
    this.i32GeU();
    this.code.push(0x0d, 0); // br_if 0: empty range
    this.code.push(0x03, 0x40); // loop
    body();
    this.get(counter);
    step();
    this.i32Add().tee(counter);
    end();
    this.i32LtU();
    this.code.push(0x0d, 0); // br_if 0: next iteration
    this.code.push(0x0b, 0x0b); // end loop, end block
    return this;
  }

  /** The encoded body (locals and code, terminated). */
  encode(): number[] {
    const groups: number[][] = this.localTypes.map((t) => [1, t]);
    const body = [...vec(groups), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

/** One exported function: i32 parameters only, no results (all the kernels need). */
export interface FunctionDef {
  readonly name: string;
  readonly params: number;
  readonly build: (f: FunctionBody) => void;
}

/**
 * A module importing `env.memory` (non-shared, no maximum) and exporting `defs` as functions of
 * i32 parameters and no result.
 */
export function assembleModule(defs: readonly FunctionDef[]): Uint8Array {
  const types = defs.map((d) => [0x60, ...vec(Array.from({ length: d.params }, () => [I32])), ...vec([])]);
  const imports = vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(0)]]);
  const funcs = vec(defs.map((_, i) => uleb(i)));
  const exports = vec(defs.map((d, i) => [...name(d.name), 0x00, ...uleb(i)]));
  const bodies = vec(
    defs.map((d) => {
      const f = new FunctionBody(d.params);
      d.build(f);
      return f.encode();
    }),
  );
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, bodies),
  ]);
}
