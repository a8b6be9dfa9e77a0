/** What a command receives and returns: shared by cli.ts (which runs commands) and the commands. */
import type { ParsedFlags } from './flags.js';
import type { Streams, Ux } from './output.js';
import type { ToolchainError } from './errors.js';

export type Clock = { now(): number; sleep(ms: number): Promise<void> };

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};

export type CommandContext = {
  flags: ParsedFlags;
  ux: Ux;
  env: Record<string, string | undefined>;
  /** The project directory (holds sfdx-project.json). */
  projectDir: string;
  clock: Clock;
};

export type CommandImplementation = (ctx: CommandContext) => Promise<unknown>;

export type RunOptions = Partial<Streams> & {
  env?: Record<string, string | undefined>;
  projectDir?: string;
  clock?: Clock;
};

export type RunOutcome = { exitCode: number; result?: unknown; error?: ToolchainError };
