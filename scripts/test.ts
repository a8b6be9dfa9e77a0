/**
 * The project's test command (`npm test`): runs every stage, ends with a timing table and one summary
 * line `tests: N passed, N failed`. A stage that fails without reporting test counts (type errors,
 * lint, a gate) counts as one failure, so the summary never reads green over a red stage.
 *
 * Two lanes run at once (the machine has two cores): mocha, its files spread over worker processes
 * (`--parallel`), and beside it the other stages one after another. Each stage's output is kept and
 * printed whole when the stage ends, so concurrent stages never interleave.
 *
 *   npm test                    all stages
 *   npm test -- --only mocha    some stages (comma-separated names)
 *   npm test -- --serial        one stage at a time, output streamed as it comes
 *   MOCHA_JOBS=2 npm test       mocha worker processes (default: two more than the number of cores)
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mochaFiles } from './lib/test-files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (tool: string): string => path.join(root, 'node_modules', '.bin', tool);
const npmScripts = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

interface Counts {
  passed: number;
  failed: number;
}

interface Stage {
  name: string;
  command: string;
  args: () => string[];
  /** Reads passed/failed test counts from the stage's output, when it runs tests. */
  count?: (output: string) => Counts | undefined;
}

interface Outcome {
  stage: Stage;
  code: number;
  seconds: number;
  counts?: Counts;
}

const mochaCounts = (output: string): Counts | undefined => {
  const passed = /(\d+) passing/.exec(output);
  if (!passed) return undefined;
  return { passed: Number(passed[1]), failed: Number(/(\d+) failing/.exec(output)?.[1] ?? 0) };
};

const jestCounts = (output: string): Counts | undefined => {
  const line = /^Tests:\s+(.*)$/m.exec(output)?.[1];
  if (!line) return undefined;
  return { passed: Number(/(\d+) passed/.exec(line)?.[1] ?? 0), failed: Number(/(\d+) failed/.exec(line)?.[1] ?? 0) };
};

const apexCounts = (output: string): Counts | undefined => {
  const match = /^Apex tests: (\d+) passed, (\d+) failed/m.exec(output);
  return match ? { passed: Number(match[1]), failed: Number(match[2]) } : undefined;
};

const npmRun = (name: string, script: string, count?: Stage['count']): Stage[] =>
  npmScripts[script] ? [{ name, command: 'npm', args: () => ['run', '--silent', script], count }] : [];

/**
 * Two workers more than the cores: a worker spends part of each slow file waiting for its child process
 * (the sf CLI, a script, Chromium) or for the org it started, and the extra workers run files meanwhile
 * (docs/ci.md: on 2 cores the 17 slowest files took 111 s with 3 workers and 98 s with 4, for the same
 * 162 s of CPU).
 */
const mochaJobs = (): number => {
  const asked = Number(process.env.MOCHA_JOBS);
  return Number.isInteger(asked) && asked > 0 ? asked : os.availableParallelism() + 2;
};

/** mocha's own lane; everything else runs in order in the other lane. */
const MOCHA: Stage = {
  name: 'mocha',
  command: bin('mocha'),
  // .mocharc.json has no spec (a spec there would be added to every `npx mocha one.test.ts`):
  // the files are listed here, those that start processes first so that no long file starts last
  args: () => ['--parallel', '--jobs', String(mochaJobs()), ...mochaFiles(root)],
  count: mochaCounts
};

const OTHERS: Stage[] = [
  { name: 'typecheck', command: bin('tsc'), args: () => ['-p', 'tsconfig.json'] },
  { name: 'lint', command: bin('eslint'), args: () => ['--max-warnings=0', '.'] },
  ...npmRun('lint-lwc', 'lint:lwc'),
  { name: 'gates', command: bin('tsx'), args: () => ['scripts/gates.ts'] },
  ...npmRun('jest', 'test:lwc', jestCounts),
  ...npmRun('apex', 'test:apex', apexCounts)
];

/** The order of the table: the order the stages ran in before they ran side by side. */
const ALL: Stage[] = [...OTHERS.slice(0, 4), MOCHA, ...OTHERS.slice(4)];

/** Where mocha's workers write each test file's time (test/file-timing.ts). */
const FILE_TIMES = path.join(os.tmpdir(), `dated-rates-mocha-file-times-${process.pid}.jsonl`);

/**
 * Node caches compiled code of the files it loads (the sf CLI, tsc, eslint, mocha) here, for every
 * process the stages start: about a tenth less CPU for each start-up after the first.
 */
function stageEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? path.join(os.tmpdir(), 'dated-rates-node-compile-cache'),
    MOCHA_FILE_TIMES: FILE_TIMES
  };
}

/** The slowest mocha files of this run, one line each (wall and CPU seconds), or nothing when mocha did not run. */
function slowestFiles(count: number): string {
  if (!existsSync(FILE_TIMES)) return '';
  const times = readFileSync(FILE_TIMES, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { file: string; seconds: number; cpu?: number });
  rmSync(FILE_TIMES, { force: true });
  const total = times.reduce((sum, t) => sum + t.seconds, 0);
  const cpu = times.reduce((sum, t) => sum + (t.cpu ?? 0), 0);
  const rows = times
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, count)
    .map((t) => `${t.seconds.toFixed(1).padStart(7)} s ${(t.cpu ?? 0).toFixed(1).padStart(7)} s   ${t.file}`);
  return (
    `\n=== slowest mocha files (of ${times.length}: ${total.toFixed(0)} s wall in all across the workers, ` +
    `${cpu.toFixed(0)} s CPU with their child processes) ===\n${'wall'.padStart(9)} ${'CPU'.padStart(9)}\n${rows.join('\n')}`
  );
}

function runStage(stage: Stage, stream: boolean): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    let output = '';
    const done = (code: number): void => {
      const seconds = (Date.now() - started) / 1000;
      const status = code === 0 ? 'ok' : `FAILED (exit ${code})`;
      if (!stream) process.stdout.write(`\n=== ${stage.name}: ${status}, ${seconds.toFixed(1)} s ===\n${output}`);
      resolve({ stage, code, seconds, counts: stage.count?.(output) });
    };
    if (stream) console.log(`\n=== ${stage.name} ===`);
    else console.log(`--- ${stage.name} started`);
    const child = spawn(stage.command, stage.args(), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: stageEnv() });
    const keep = (to: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString();
      if (stream) to.write(chunk);
    };
    child.stdout.on('data', keep(process.stdout));
    child.stderr.on('data', keep(process.stderr));
    child.on('error', (error) => {
      output += `\n${error.message}\n`;
      done(127);
    });
    child.on('close', (code) => done(code ?? 1));
  });
}

async function runLane(stages: Stage[], stream: boolean): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const stage of stages) outcomes.push(await runStage(stage, stream));
  return outcomes;
}

/** user+sys CPU seconds of every finished child process of this one (Linux), or undefined. */
function childrenCpuSeconds(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // fields after "(comm) ": state is index 0, so cutime and cstime (fields 16 and 17) are 13 and 14
    const ticks = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}

function table(outcomes: Outcome[], wall: number): string {
  const rows = outcomes.map(({ stage, code, seconds, counts }) => {
    const detail = counts ? `${counts.passed} passed, ${counts.failed} failed` : '';
    return `${(code === 0 ? 'ok' : 'FAIL').padEnd(5)}${stage.name.padEnd(11)}${seconds.toFixed(1).padStart(7)} s   ${detail}`;
  });
  const cpu = childrenCpuSeconds();
  rows.push(
    `${''.padEnd(5)}${'total wall'.padEnd(11)}${wall.toFixed(1).padStart(7)} s` +
      (cpu === undefined ? '' : `   (CPU user+sys of all stages ${cpu.toFixed(1)} s)`)
  );
  return rows.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, serial: { type: 'boolean' } }, strict: true });
  const wanted = values.only?.split(',');
  const unknown = wanted?.filter((name) => !ALL.some((stage) => stage.name === name)) ?? [];
  if (unknown.length > 0) {
    console.error(`Unknown stage(s): ${unknown.join(', ')}. Stages: ${ALL.map((s) => s.name).join(', ')}.`);
    return 2;
  }
  const chosen = (stages: Stage[]) => stages.filter((s) => !wanted || wanted.includes(s.name));
  const started = Date.now();
  let outcomes: Outcome[];
  if (values.serial || chosen(ALL).length === 1) {
    outcomes = await runLane(chosen(ALL), true);
  } else {
    const lanes = await Promise.all([runLane(chosen([MOCHA]), false), runLane(chosen(OTHERS), false)]);
    const byStage = new Map(lanes.flat().map((o) => [o.stage, o]));
    outcomes = chosen(ALL).map((s) => byStage.get(s)!);
  }
  let passed = 0;
  let failed = 0;
  for (const { code, counts } of outcomes) {
    passed += counts?.passed ?? 0;
    failed += counts?.failed ?? 0;
    if (code !== 0 && (!counts || counts.failed === 0)) failed += 1;
  }
  console.log(
    `\n=== timing (wall seconds; the two lanes ran side by side) ===\n${table(outcomes, (Date.now() - started) / 1000)}`
  );
  const slowest = slowestFiles(12);
  if (slowest) console.log(slowest);
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
