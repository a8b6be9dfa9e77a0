/**
 * `npm run bench [-- name ...]`: runs every benchmark in bench/*.bench.ts (or the named ones) one
 * after the other, each in its own process so that one's warm-up cannot skew another. Benchmarks
 * report ratios against a reference run in the same process, never absolute pass/fail timings.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const all = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !all.includes(`${name}.bench.ts`));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark(s): ${unknown.join(', ')}. Known: ${all.map((f) => f.replace('.bench.ts', '')).join(', ')}.`
  );
  process.exit(2);
}
let failed = 0;
for (const file of all.filter((f) => wanted.length === 0 || wanted.includes(f.replace('.bench.ts', '')))) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(benchDir, file)], {
    cwd: root,
    stdio: 'inherit'
  });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
