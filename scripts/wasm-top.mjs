// The functions of a wasm file by size, from its name section (what `twiggy top` prints;
// twiggy cannot read current wasm-bindgen output, whose import section is in the compact
// encoding). For the size analysis in docs/benchmarks.md:
//   node scripts/wasm-top.mjs file.wasm [rows] [--by-crate]
// Build the wasm with its names kept (wasm-opt --debuginfo) for names; without them it
// prints indices. Sizes are the code bodies' bytes; data and other sections are listed apart.
import { readFileSync } from 'node:fs';

/** The sections, the number of imported functions, code body sizes and function names of `bytes`. */
export function readWasm(bytes) {
  let p = 8;
  const uleb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[p++];
      result += (byte & 127) * 2 ** shift;
      shift += 7;
    } while (byte & 128);
    return result;
  };
  const skipName = () => {
    const length = uleb();
    p += length;
  };
  let imports = 0;
  const bodies = [];
  const names = new Map();
  const sections = [];
  const desc = (kind) => {
    if (kind === 0) {
      uleb();
      imports++;
    } else if (kind === 1) {
      p++;
      const flags = bytes[p++];
      uleb();
      if (flags & 1) uleb();
    } else if (kind === 2) {
      const flags = bytes[p++];
      uleb();
      if (flags & 1) uleb();
    } else if (kind === 3) p += 2;
    else if (kind === 4) {
      p++;
      uleb();
    } else throw new Error(`wasm-top: an import of kind ${kind} at ${p}`);
  };
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = uleb();
    const end = p + size;
    let custom = '';
    if (id === 2) {
      for (let n = uleb(); n > 0; n--) {
        skipName();
        skipName();
        const kind = bytes[p++];
        if (kind === 0x7f) {
          for (let m = uleb(); m > 0; m--) {
            skipName();
            desc(bytes[p++]);
          }
        } else if (kind === 0x7e) {
          // One type for every name that follows (counted once by desc).
          const k = bytes[p++];
          desc(k);
          for (let m = uleb(); m > 0; m--) {
            skipName();
            if (k === 0 && m > 1) imports++;
          }
        } else desc(kind);
      }
    } else if (id === 10) {
      for (let n = uleb(); n > 0; n--) {
        const body = uleb();
        bodies.push(body);
        p += body;
      }
    } else if (id === 0) {
      const length = uleb();
      custom = bytes.subarray(p, p + length).toString();
      p += length;
      if (custom === 'name')
        while (p < end) {
          const sub = bytes[p++];
          const subSize = uleb();
          const subEnd = p + subSize;
          if (sub === 1)
            for (let n = uleb(); n > 0; n--) {
              const index = uleb();
              const length = uleb();
              names.set(index, bytes.subarray(p, p + length).toString());
              p += length;
            }
          p = subEnd;
        }
    }
    sections.push({ id, custom, size });
    p = end;
  }
  return { sections, imports, bodies, names };
}

/** The crate a function's name starts with (`core`, `serde_json`, …), else `other`. */
export function crateOf(name) {
  return /^<?(?:&(?:mut )?)?([a-z_0-9]+)(?:\[[0-9a-f]+\])?::/.exec(name)?.[1] ?? 'other';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, rows = '40', by] = process.argv.slice(2);
  const bytes = readFileSync(file);
  const { sections, imports, bodies, names } = readWasm(bytes);
  const SECTION = [
    'custom',
    'type',
    'import',
    'function',
    'table',
    'memory',
    'global',
    'export',
    'start',
    'element',
    'code',
    'data',
    'data count',
    'tag',
  ];
  console.log(`${file}: ${bytes.length} B, ${bodies.length} functions (${imports} imported)`);
  for (const s of sections) console.log(`  section ${s.custom || SECTION[s.id] || s.id}: ${s.size} B`);
  const fns = bodies.map((size, i) => ({ size, name: names.get(i + imports) ?? `function ${i + imports}` }));
  fns.sort((a, b) => b.size - a.size);
  if (by === '--by-crate') {
    const sum = new Map();
    for (const f of fns) sum.set(crateOf(f.name), (sum.get(crateOf(f.name)) ?? 0) + f.size);
    for (const [crate, size] of [...sum].sort((a, b) => b[1] - a[1]))
      console.log(`${String(size).padStart(8)}  ${crate}`);
  }
  for (const f of fns.slice(0, Number(rows)))
    console.log(`${String(f.size).padStart(8)}  ${f.name.replace(/::h[0-9a-f]{16}$/, '')}`);
}
