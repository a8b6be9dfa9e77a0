/**
 * Runs one command: parses flags, answers --help, loads the command's implementation lazily,
 * prints the result (human or --json) and returns the exit code. Entry points in scripts/ call
 * `main`; tests call `runCommand` with their own streams and clock. The types commands share are in
 * context.ts (commands never import this file).
 */
import { EXIT, toToolchainError } from './errors.js';
import { parseFlags, renderHelp, type ParsedFlags } from './flags.js';
import { Ux, type Streams } from './output.js';
import { realClock, type CommandImplementation, type RunOptions, type RunOutcome } from './context.js';
import { SPECS, type CommandName } from './commands/specs.js';

async function loadImplementation(name: CommandName): Promise<CommandImplementation> {
  switch (name) {
    case 'setup':
      return (await import('./commands/setup.js')).setupCommand;
    case 'deploy':
      return (await import('./commands/deploy.js')).deployCommand;
    case 'run':
      return (await import('./commands/run.js')).runCommandImpl;
    case 'verify':
      return (await import('./commands/verify.js')).verifyCommand;
    case 'schedule':
      return (await import('./commands/schedule.js')).scheduleCommand;
    case 'unschedule':
      return (await import('./commands/schedule.js')).unscheduleCommand;
    case 'status':
      return (await import('./commands/status.js')).statusCommand;
    case 'backfill':
      return (await import('./commands/backfill.js')).backfillCommand;
    case 'prune':
      return (await import('./commands/prune.js')).pruneCommand;
  }
}

/** Runs a command in-process and reports its exit code (never calls process.exit). */
export async function runCommand(name: CommandName, argv: string[], options: RunOptions = {}): Promise<RunOutcome> {
  const env = options.env ?? process.env;
  const streams: Streams = { stdout: options.stdout ?? process.stdout, stderr: options.stderr ?? process.stderr };
  const spec = SPECS[name];
  const json = argv.includes('--json');
  const ux = new Ux({ ...streams, json, env });
  const debug = /\bdated-rates\b/.test(env.DEBUG ?? '');
  let flags: ParsedFlags;
  try {
    flags = parseFlags(argv, spec.flags);
    if (!flags.help) spec.validate?.(flags);
  } catch (error) {
    const e = toToolchainError(error);
    ux.writeError(e, debug);
    return { exitCode: e.exitCode, error: e };
  }
  if (flags.help) {
    streams.stdout.write(renderHelp(spec, spec.flags));
    return { exitCode: EXIT.ok };
  }
  try {
    const implementation = await loadImplementation(name);
    const result = await implementation({
      flags,
      ux,
      env,
      projectDir: options.projectDir ?? process.cwd(),
      clock: options.clock ?? realClock
    });
    ux.clearProgress();
    ux.writeResult(result);
    return { exitCode: EXIT.ok, result };
  } catch (error) {
    const e = toToolchainError(error, typeof flags['target-org'] === 'string' ? flags['target-org'] : undefined);
    ux.writeError(e, debug);
    return { exitCode: e.exitCode, error: e };
  }
}

/** Entry point for scripts/<command>.ts. */
export async function main(name: CommandName): Promise<void> {
  const outcome = await runCommand(name, process.argv.slice(2));
  process.exitCode = outcome.exitCode;
}
