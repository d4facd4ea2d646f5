// Prints the imports of each ES module (*.js) in a folder as JSON:
// {"file.js": {"static": [...], "dynamic": [...]}}. Static imports (and
// re-exports) come from V8's own parser (vm.SourceTextModule: run with
// --experimental-vm-modules); dynamic import(…) calls are found in the source
// with its comments removed, their argument as written. The Node half of
// tests/test_component_modules.py.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";

const folder = process.argv[2];
const graph = {};
for (const name of readdirSync(folder).filter((n) => n.endsWith(".js")).sort()) {
  const source = readFileSync(join(folder, name), "utf8");
  const statics = new vm.SourceTextModule(source, { identifier: name }).dependencySpecifiers;
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'\\])\/\/.*$/gm, "$1");
  const dynamic = [...code.matchAll(/\bimport\s*\(([^)]*)\)/g)].map((m) => m[1].trim());
  graph[name] = { static: [...statics], dynamic };
}
process.stdout.write(JSON.stringify(graph));
