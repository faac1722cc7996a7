#!/usr/bin/env node
// Fails when the folders of engine/, kernel/ and ml/ import each other in a cycle.
//
// Within a folder, modules may import each other (a class hierarchy's barrel, such as
// engine/rdd/internal.ts, needs it); between folders a cycle means neither can be understood,
// tested or loaded on its own, and the load order then decides whether a class is defined yet
// ("Class extends value undefined"). Only runtime imports count: `import type` and
// `export type` vanish when compiled.
//
// Run: node scripts/checkImportCycles.mjs   (npm test runs it; npm run cycles)
import * as fs from "node:fs";
import * as path from "node:path";

// Usage: checkImportCycles.mjs [--root DIR] [LAYER ...]   (default: this project; engine kernel ml)
const args = process.argv.slice(2);
const rootAt = args.indexOf("--root");
const ROOT = rootAt >= 0 ? path.resolve(args.splice(rootAt, 2)[1]) : path.resolve(import.meta.dirname, "..");
const LAYERS = args.length > 0 ? args : ["engine", "kernel", "ml"];

function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.ts$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** The relative modules `file` imports at run time. */
function runtimeImports(file) {
  const text = fs
    .readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "");
  const specs = [];
  const re =
    /^\s*(import|export)\s+(type\s+)?([\s\S]*?)\s*from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[5]) {
      specs.push(m[5]);
      continue;
    }
    if (m[2]) continue; // import type / export type
    const clause = m[3];
    // `import { type A, type B } from` is type-only too.
    const braces = clause.match(/^\{([\s\S]*)\}$/);
    if (braces?.[1].split(",").every((n) => n.trim() === "" || /^type\s/.test(n.trim()))) continue;
    specs.push(m[4]);
  }
  // Dynamic imports and require() load at run time too.
  for (const m of text.matchAll(/(?:import|require)\(\s*["']([^"']+)["']\s*\)/g)) specs.push(m[1]);
  return specs.filter((s) => s.startsWith("."));
}

function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts"), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/**
 * A module's folder, e.g. engine/rdd. A layer's top-level files (engine/errors.ts, its index) are
 * each their own node: they are the layer's leaves and its front door, not a folder.
 */
function folderOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep);
  return rel.length > 2 ? `${rel[0]}/${rel[1]}` : rel.join("/");
}

const edges = new Map(); // folder -> Map(folder -> example "a.ts -> b.ts")
for (const layer of LAYERS) {
  for (const file of sourceFiles(path.join(ROOT, layer))) {
    const from = folderOf(file);
    for (const spec of runtimeImports(file)) {
      const target = resolve(file, spec);
      if (!target?.startsWith(ROOT)) continue;
      const to = folderOf(target);
      if (to === from || to.startsWith("node_modules")) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      const out = edges.get(from);
      if (!out.has(to)) out.set(to, `${path.relative(ROOT, file)} imports ${path.relative(ROOT, target)}`);
    }
  }
}

// Tarjan's strongly connected components: each component of more than one folder is a cycle.
let index = 0;
const stack = [];
const info = new Map();
const cycles = [];
function visit(v) {
  info.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!info.has(w)) {
      visit(w);
      info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
    } else if (info.get(w).onStack) {
      info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
    }
  }
  if (info.get(v).low === info.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      info.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  }
}
for (const v of [...edges.keys()].sort()) if (!info.has(v)) visit(v);

if (cycles.length === 0) {
  console.log(`import cycles: none between the folders of ${LAYERS.join(", ")}`);
  process.exit(0);
}
for (const component of cycles) {
  console.error(`import cycle between folders: ${component.join(", ")}`);
  const inside = new Set(component);
  for (const from of component) {
    for (const [to, example] of edges.get(from) ?? [])
      if (inside.has(to)) console.error(`  ${from} -> ${to}: ${example}`);
  }
}
console.error(
  "Fix: move what both folders need into a folder that imports neither (as engine/time/ holds Time and Duration), " +
    "or make the import type-only if only types cross.",
);
process.exit(1);
