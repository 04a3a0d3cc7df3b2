/**
 * A small WebAssembly module builder over the encoder in `_wasm.ts`: functions with named parameters
 * and locals, and one table of functions from which the type, function, export and code sections
 * (and their indices) are derived. Optionally a `name` section, so that a text form (the snapshot of
 * `simd_module_test.ts`) shows the names; the module the kernels run carries none.
 *
 * Runtime-neutral.
 * @module
 */
import {
  add,
  block,
  br,
  brIf,
  F32,
  F64,
  funcBody,
  geU,
  I32,
  i32,
  loop,
  name,
  section,
  uleb,
  V128,
  vec,
} from "./_wasm.ts";

/** A value type by its WebAssembly text name. */
export type ValueType = "i32" | "f32" | "f64" | "v128";
/** Named variables in declaration order. */
export type Variables = Readonly<Record<string, ValueType>>;

const TYPE_CODE: Record<ValueType, number> = { i32: I32, f32: F32, f64: F64, v128: V128 };

/** A function whose parameters and locals are addressed by name; exported under `name`. */
export class WasmFunction<Name extends string> {
  readonly name: string;
  readonly #index = new Map<string, number>();
  readonly #names: string[];
  readonly #params: ValueType[];
  readonly #locals: ValueType[];
  #code: number[] | null = null;

  constructor(exportName: string, params: Variables, locals: Variables) {
    this.name = exportName;
    this.#names = [...Object.keys(params), ...Object.keys(locals)];
    this.#names.forEach((n, i) => {
      if (this.#index.has(n)) throw new TypeError(`Cannot declare ${exportName}.${n}: the name is taken`);
      this.#index.set(n, i);
    });
    this.#params = Object.values(params);
    this.#locals = Object.values(locals);
  }

  #at(v: Name): number {
    const i = this.#index.get(v);
    if (i === undefined) throw new TypeError(`Cannot use ${this.name}.${v}: no such parameter or local`);
    return i;
  }

  /** `local.get v` */
  get(v: Name): number[] {
    return [0x20, ...uleb(this.#at(v))];
  }

  /** `local.set v` */
  set(v: Name): number[] {
    return [0x21, ...uleb(this.#at(v))];
  }

  /** `local.tee v` */
  tee(v: Name): number[] {
    return [0x22, ...uleb(this.#at(v))];
  }

  /**
   * `for (counter = 0; counter < limit; counter++) { body }` over i32 variables, compared unsigned.
   * `body` sits inside a `block` and a `loop`: branch depths in it count those two.
   */
  countedLoop(counter: Name, limit: Name, ...body: number[][]): number[] {
    const [get, set] = [this.get.bind(this), this.set.bind(this)];
    return [
      ...i32(0),
      ...set(counter),
      ...block(
        loop(get(counter), get(limit), geU, brIf(1), ...body, get(counter), i32(1), add, set(counter), br(0)),
      ),
    ];
  }

  /** Sets the body's instructions (without the final `end`). */
  define(...code: number[][]): this {
    this.#code = code.flat();
    return this;
  }

  /** The function type: its parameters, no results. */
  get type(): number[] {
    return [0x60, ...vec(this.#params.map((t) => [TYPE_CODE[t]])), 0];
  }

  /** The sized body for the code section: locals as runs of one type, then the code. */
  get body(): number[] {
    if (this.#code === null) throw new TypeError(`Cannot encode ${this.name}: it has no body`);
    const runs: Array<[number, ValueType]> = [];
    for (const t of this.#locals) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    return funcBody(vec(runs.map(([count, t]) => [...uleb(count), TYPE_CODE[t]])), this.#code);
  }

  /** Parameter and local names, by index (for the name section). */
  get variableNames(): readonly string[] {
    return this.#names;
  }
}

/**
 * A function with named parameters and locals.
 * @param exportName the name it is exported under.
 * @param params parameters in order.
 * @param locals locals in order (runs of one type are declared together).
 */
export function wasmFunction<const P extends Variables, const L extends Variables>(
  exportName: string,
  params: P,
  locals: L,
): WasmFunction<(keyof P | keyof L) & string> {
  return new WasmFunction(exportName, params, locals);
}

/** The module's one memory: its own (exported) or a shared one imported from the host. */
export type MemorySpec =
  | { readonly pages: number }
  | { readonly importFrom: readonly [string, string]; readonly pages: number; readonly maxPages: number };

/** What {@link encodeModule} writes. */
export interface ModuleSpec {
  readonly memory: MemorySpec;
  /** The function table: index i is function i, exported under its name. */
  readonly functions: readonly WasmFunction<string>[];
  /** Adds a `name` section with function and variable names (for a text form). */
  readonly names?: boolean;
}

/**
 * Encodes a module: types deduplicated in order of first use, memory exported as `memory`, then
 * every function exported in table order.
 * @returns the module's bytes.
 */
export function encodeModule(spec: ModuleSpec): Uint8Array<ArrayBuffer> {
  const types: number[][] = [];
  const typeOf = spec.functions.map((f) => {
    const key = f.type.join(",");
    let i = types.findIndex((t) => t.join(",") === key);
    if (i < 0) i = types.push(f.type) - 1;
    return i;
  });
  const m = spec.memory;
  const imported = "importFrom" in m;
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...(imported
      ? section(
          2,
          vec([
            [
              ...name(m.importFrom[0]),
              ...name(m.importFrom[1]),
              0x02,
              0x03,
              ...uleb(m.pages),
              ...uleb(m.maxPages),
            ],
          ]),
        )
      : []),
    ...section(3, vec(typeOf.map((t) => uleb(t)))),
    ...(imported ? [] : section(5, vec([[0x00, ...uleb(m.pages)]]))),
    ...section(
      7,
      vec([[...name("memory"), 2, 0], ...spec.functions.map((f, i) => [...name(f.name), 0, ...uleb(i)])]),
    ),
    ...section(10, vec(spec.functions.map((f) => f.body))),
    ...(spec.names ? nameSection(spec.functions) : []),
  ]);
}

function nameSection(functions: readonly WasmFunction<string>[]): number[] {
  const sub = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
  const functionNames = vec(functions.map((f, i) => [...uleb(i), ...name(f.name)]));
  const localNames = vec(
    functions.map((f, i) => [...uleb(i), ...vec(f.variableNames.map((n, j) => [...uleb(j), ...name(n)]))]),
  );
  return section(0, [...name("name"), ...sub(1, functionNames), ...sub(2, localNames)]);
}
