// Minimal ONNX (protobuf) writer for tests: enough of ModelProto to express small CNNs with float
// initialisers. Field numbers follow onnx/onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto,
// TensorProto, ValueInfoProto, TypeProto); wire types: 0 varint, 2 length-delimited, 5 fixed32.

type Bytes = number[];

function varint(v: number): Bytes {
  const out: Bytes = [];
  let x = BigInt(v);
  if (x < 0n) x += 1n << 64n;
  do {
    let byte = Number(x & 0x7fn);
    x >>= 7n;
    if (x > 0n) byte |= 0x80;
    out.push(byte);
  } while (x > 0n);
  return out;
}
const key = (field: number, wire: number) => varint((field << 3) | wire);
const vint = (field: number, v: number): Bytes => [...key(field, 0), ...varint(v)];
const bytes = (field: number, b: Bytes | Uint8Array): Bytes => [...key(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string): Bytes => bytes(field, [...new TextEncoder().encode(s)]);
const f32 = (field: number, v: number): Bytes => [...key(field, 5), ...new Uint8Array(Float32Array.of(v).buffer)];

/** An attribute value: integer, float, or list of integers. */
export type OnnxAttr = { i: number } | { f: number } | { ints: number[] };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, OnnxAttr>;
}

export interface OnnxGraphSpec {
  nodes: OnnxNode[];
  /** Float32 initialisers by name with their dims. */
  weights: Record<string, { dims: number[]; values: Float32Array }>;
  /** Graph inputs / outputs: name and dims (a string = symbolic dimension, e.g. 'batch'). */
  inputs: { name: string; dims: (number | string)[] }[];
  outputs: { name: string; dims: (number | string)[] }[];
  opset?: number;
}

function attribute(name: string, a: OnnxAttr): Bytes {
  if ('i' in a) return [...str(1, name), ...vint(20, 2), ...vint(3, a.i)];
  if ('f' in a) return [...str(1, name), ...vint(20, 1), ...f32(2, a.f)];
  return [...str(1, name), ...vint(20, 7), ...a.ints.flatMap((v) => vint(8, v))];
}

function valueInfo(name: string, dims: (number | string)[]): Bytes {
  const shape = dims.flatMap((d) => bytes(1, typeof d === 'number' ? vint(1, d) : str(2, d)));
  const tensorType = [...vint(1, 1), ...bytes(2, shape)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

/** Encode an ONNX model (IR version 8, default domain opset 17 unless given). */
export function encodeOnnxModel(g: OnnxGraphSpec): Uint8Array {
  const graph: Bytes = [];
  g.nodes.forEach((n, k) => {
    const node = [...n.inputs.flatMap((s) => str(1, s)), ...n.outputs.flatMap((s) => str(2, s)), ...str(3, `n${k}`), ...str(4, n.op), ...Object.entries(n.attrs ?? {}).flatMap(([name, a]) => bytes(5, attribute(name, a)))];
    graph.push(...bytes(1, node));
  });
  graph.push(...str(2, 'test-graph'));
  for (const [name, t] of Object.entries(g.weights)) {
    const tensor = [...t.dims.flatMap((d) => vint(1, d)), ...vint(2, 1), ...str(8, name), ...bytes(9, new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength))];
    graph.push(...bytes(5, tensor));
  }
  for (const i of g.inputs) graph.push(...bytes(11, valueInfo(i.name, i.dims)));
  for (const o of g.outputs) graph.push(...bytes(12, valueInfo(o.name, o.dims)));
  const model = [...vint(1, 8), ...str(2, 'mmf-hcc-test'), ...bytes(7, graph), ...bytes(8, [...str(1, ''), ...vint(2, g.opset ?? 17)])];
  return Uint8Array.from(model);
}
