/**
 * Local Apex runtime benchmark (npm run bench -- apex-runtime).
 *
 * 1. Statements per second on a CPU-bound anonymous Apex loop, and the same loop written in plain
 *    JavaScript in the same process as the reference: the ratio is the interpreter's cost per
 *    statement, which stays comparable from machine to machine.
 * 2. Time to parse, link and check every class of force-app on a fresh runtime, cold (first parse in
 *    the process: includes the ANTLR parser's warm-up) and warm, against a reference of parsing the
 *    same files with @apexdevtools/apex-parser alone.
 * 3. The same load with the on-disk parse cache (front-end/parse-cache.ts) as a new process meets it:
 *    the in-process memo cleared, every tree rebuilt from a freshly written cache folder, then checked.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApexParserFactory } from '@apexdevtools/apex-parser';
import {
  configureParseCache,
  forgetParsedSources,
  measureLoad,
  measureStatementsPerSecond,
  openOrgStore,
  orgCollaborators,
  type SObjectDescribe
} from '../src/local-org/index.js';
import { FakeDataLayer, fakeOrg } from '../test/apex-runtime/fake-data-layer.js';

const ITERATIONS = 200_000;

function referenceLoop(iterations: number): { perSecond: number; statements: number } {
  // The loop of measureStatementsPerSecond, statement for statement, in JavaScript.
  const t0 = performance.now();
  let sum = 0;
  const buffer: number[] = [];
  let statements = 3;
  for (let i = 0; i < iterations; i++) {
    sum += i % 7;
    if (buffer.length < 100) buffer.push(i);
    statements += 3;
  }
  if (sum < 0) console.log(sum); // keep the loop observable
  const ms = performance.now() - t0;
  return { perSecond: statements / (ms / 1000), statements };
}

function statementsPerSecond(): void {
  const store = openOrgStore();
  const org = orgCollaborators(store);
  measureStatementsPerSecond(org, 20_000); // warm-up
  const apex = measureStatementsPerSecond(org, ITERATIONS);
  referenceLoop(ITERATIONS);
  const js = referenceLoop(ITERATIONS);
  console.log(
    `Apex loop: ${apex.statements} statements in ${apex.ms.toFixed(0)} ms = ${apex.perSecond.toLocaleString('en-US')} statements/s`
  );
  console.log(`JS reference: ${Math.round(js.perSecond).toLocaleString('en-US')} statements/s`);
  console.log(`ratio interpreter / plain JavaScript: 1 : ${(js.perSecond / apex.perSecond).toFixed(0)}`);
}

/** A data layer that knows every object force-app references (custom ones are deployed in a real org). */
function permissiveDataLayer(): FakeDataLayer {
  const data = new FakeDataLayer();
  const known = data.describe.bind(data);
  data.describe = (name: string): SObjectDescribe | null =>
    known(name) ?? {
      name,
      label: name,
      keyPrefix: 'a00',
      createable: true,
      updateable: true,
      deletable: true,
      queryable: true,
      custom: /__(c|mdt)$/i.test(name),
      fields: []
    };
  return data;
}

function loadForceApp(): void {
  const dir = 'force-app'; // the classes and the test support in force-app/tests
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.cls'))
    .map((f) => ({ name: path.basename(f, '.cls'), body: readFileSync(path.join(dir, f), 'utf8') }));
  const cold = measureLoad(fakeOrg(permissiveDataLayer()), files);
  const warm = measureLoad(fakeOrg(permissiveDataLayer()), files);
  const t0 = performance.now();
  for (const file of files) ApexParserFactory.createParser(file.body).compilationUnit();
  const parseOnly = performance.now() - t0;
  const chars = files.reduce((n, f) => n + f.body.length, 0);
  console.log(`force-app: ${files.length} classes, ${chars.toLocaleString('en-US')} characters`);
  console.log(`load cold ${cold.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms (${warm.problems} problems)`);
  console.log(
    `reference: parse only ${parseOnly.toFixed(0)} ms; warm load / parse only = ${(warm.ms / parseOnly).toFixed(2)}`
  );
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'bench-apex-parse-cache-'));
  try {
    configureParseCache(cacheDir);
    forgetParsedSources();
    const writing = measureLoad(fakeOrg(permissiveDataLayer()), files); // parses (warm parser) and writes
    forgetParsedSources();
    const fromCache = measureLoad(fakeOrg(permissiveDataLayer()), files);
    console.log(
      `parse cache: load while writing it ${writing.ms.toFixed(0)} ms, load from it ${fromCache.ms.toFixed(0)} ms (cold load / load from cache = ${(cold.ms / fromCache.ms).toFixed(1)})`
    );
  } finally {
    configureParseCache(undefined);
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

statementsPerSecond();
loadForceApp();
