/**
 * The project's test command (`npm test`): runs every stage, streams its output, and ends with one
 * summary line `tests: N passed, N failed`. A stage that fails without reporting test counts (type
 * errors, lint, a gate) counts as one failure, so the summary never reads green over a red stage.
 *
 *   npm test                    all stages
 *   npm test -- --only mocha    some stages (comma-separated names)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (tool: string): string => path.join(root, 'node_modules', '.bin', tool);
const npmScripts = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

interface Stage {
  name: string;
  command: string;
  args: string[];
  /** Reads passed/failed test counts from the stage's output, when it runs tests. */
  count?: (output: string) => { passed: number; failed: number } | undefined;
}

const mochaCounts = (output: string) => {
  const passed = /(\d+) passing/.exec(output);
  if (!passed) return undefined;
  return { passed: Number(passed[1]), failed: Number(/(\d+) failing/.exec(output)?.[1] ?? 0) };
};

const jestCounts = (output: string) => {
  const line = /^Tests:\s+(.*)$/m.exec(output)?.[1];
  if (!line) return undefined;
  return { passed: Number(/(\d+) passed/.exec(line)?.[1] ?? 0), failed: Number(/(\d+) failed/.exec(line)?.[1] ?? 0) };
};

const apexCounts = (output: string) => {
  const match = /^Apex tests: (\d+) passed, (\d+) failed/m.exec(output);
  return match ? { passed: Number(match[1]), failed: Number(match[2]) } : undefined;
};

const npmRun = (script: string): [string, string[]] => ['npm', ['run', '--silent', script]];

const STAGES: Stage[] = [
  { name: 'typecheck', command: bin('tsc'), args: ['-p', 'tsconfig.json'] },
  { name: 'lint', command: bin('eslint'), args: ['--max-warnings=0', '.'] },
  ...(npmScripts['lint:lwc']
    ? [{ name: 'lint-lwc', command: npmRun('lint:lwc')[0], args: npmRun('lint:lwc')[1] }]
    : []),
  { name: 'gates', command: bin('tsx'), args: ['scripts/gates.ts'] },
  { name: 'mocha', command: bin('mocha'), args: [], count: mochaCounts },
  ...(npmScripts['test:lwc']
    ? [{ name: 'jest', command: npmRun('test:lwc')[0], args: npmRun('test:lwc')[1], count: jestCounts }]
    : []),
  ...(npmScripts['test:apex']
    ? [{ name: 'apex', command: npmRun('test:apex')[0], args: npmRun('test:apex')[1], count: apexCounts }]
    : [])
];

function runStage(stage: Stage): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(stage.command, stage.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', (error) => resolve({ code: 127, output: `${output}\n${error.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string' } }, strict: true });
  const wanted = values.only?.split(',');
  const unknown = wanted?.filter((name) => !STAGES.some((stage) => stage.name === name)) ?? [];
  if (unknown.length > 0) {
    console.error(`Unknown stage(s): ${unknown.join(', ')}. Stages: ${STAGES.map((s) => s.name).join(', ')}.`);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  const lines: string[] = [];
  for (const stage of STAGES.filter((s) => !wanted || wanted.includes(s.name))) {
    console.log(`\n=== ${stage.name} ===`);
    const started = Date.now();
    const { code, output } = await runStage(stage);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const counts = stage.count?.(output);
    if (counts) {
      passed += counts.passed;
      failed += counts.failed;
    }
    if (code !== 0 && (!counts || counts.failed === 0)) failed += 1;
    const detail = counts ? ` (${counts.passed} passed, ${counts.failed} failed)` : '';
    lines.push(`${code === 0 ? 'ok  ' : 'FAIL'} ${stage.name.padEnd(10)} ${seconds.padStart(6)} s${detail}`);
  }
  console.log(`\n=== summary ===\n${lines.join('\n')}`);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  }
);
