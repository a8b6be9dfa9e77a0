/**
 * Runs the offline quality gates: `npm run gates [-- --only name,name] [--json]`.
 * Exit code 0 when every gate passes, 1 when a gate finds problems, 2 when a gate cannot run.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { formatProblem, GATES, GateSetupError, type GateResult } from '../src/gates/index.js';
import { configureParseCache } from '../src/local-org/index.js';
import { APEX_PARSE_CACHE_DIR } from './lib/apex-parse-cache.js';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false }
    },
    strict: true
  });
  if (values.help) {
    console.log('Usage: npm run gates [-- --only <gate>[,<gate>]] [--json]\n\nGates:');
    for (const gate of GATES) console.log(`  ${gate.name.padEnd(16)} ${gate.description}`);
    return 0;
  }
  const wanted = values.only?.split(',').map((name) => name.trim());
  const unknown = wanted?.filter((name) => !GATES.some((gate) => gate.name === name)) ?? [];
  if (unknown.length > 0) {
    console.error(`Unknown gate(s): ${unknown.join(', ')}. Known: ${GATES.map((g) => g.name).join(', ')}.`);
    return 2;
  }
  // The apex-syntax gate parses with the local org's front end: a source that parsed without a problem
  // before (npm start, test:apex, the mocha workers) is rebuilt from the parse cache, not parsed again.
  configureParseCache(APEX_PARSE_CACHE_DIR);
  const results: GateResult[] = [];
  let exitCode = 0;
  for (const gate of GATES.filter((g) => !wanted || wanted.includes(g.name))) {
    const started = Date.now();
    try {
      const result = await gate.run(projectDir);
      results.push(result);
      const verdict = result.problems.length === 0 ? 'PASS' : 'FAIL';
      if (!values.json) {
        console.log(
          `${verdict} ${gate.name}: ${result.checked} checked, ${result.problems.length} problem(s), ${result.notes.length} note(s) in ${Date.now() - started} ms`
        );
        for (const problem of result.problems) console.log(`  ${formatProblem(problem)}`);
      }
      if (result.problems.length > 0) exitCode = Math.max(exitCode, 1);
    } catch (error) {
      if (!(error instanceof GateSetupError)) throw error;
      console.error(`ERROR ${error.message}`);
      exitCode = 2;
    }
  }
  if (values.json) console.log(JSON.stringify({ status: exitCode, result: results }, null, 2));
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(2);
  }
);
