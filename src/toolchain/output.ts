/**
 * Human output, progress and the --json envelope. Progress is drawn only on a TTY, never under
 * --json and never when CI is set. Under --json nothing but the final JSON object goes to stdout.
 */
import type { ToolchainError } from './errors.js';

export type Streams = {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
};

export type UxOptions = Streams & { json: boolean; env: Record<string, string | undefined> };

export class Ux {
  public readonly json: boolean;
  public readonly progressEnabled: boolean;
  public readonly warnings: string[] = [];
  private readonly streams: Streams;
  private progressLine = false;

  public constructor(options: UxOptions) {
    this.json = options.json;
    this.streams = options;
    const ci = options.env.CI !== undefined && options.env.CI !== '' && options.env.CI !== 'false';
    this.progressEnabled = !options.json && !ci && options.stdout.isTTY === true;
  }

  /** A line of human output (suppressed under --json). */
  public log(line = ''): void {
    if (this.json) return;
    this.clearProgress();
    this.streams.stdout.write(line + '\n');
  }

  /** A warning: stderr for humans, `warnings` in the JSON envelope. */
  public warn(message: string): void {
    this.warnings.push(message);
    if (this.json) return;
    this.clearProgress();
    this.streams.stderr.write(`Warning: ${message}\n`);
  }

  /** Redraws a one-line progress indicator (TTY only). */
  public progress(text: string): void {
    if (!this.progressEnabled) return;
    this.streams.stdout.write(`\r\x1b[2K${text}`);
    this.progressLine = true;
  }

  /** A progress bar such as `[#####.....] 5/10 label`. */
  public progressBar(done: number, total: number, label: string): void {
    if (!this.progressEnabled) return;
    const width = 24;
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(ratio * width);
    this.progress(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`);
  }

  public clearProgress(): void {
    if (!this.progressLine) return;
    this.streams.stdout.write('\r\x1b[2K');
    this.progressLine = false;
  }

  /** Writes the success envelope (json) — the caller prints human output itself. */
  public writeResult(result: unknown): void {
    if (!this.json) return;
    this.streams.stdout.write(JSON.stringify(successEnvelope(result, this.warnings), null, 2) + '\n');
  }

  /** Writes the failure: the JSON envelope on stdout, or the message and actions on stderr. */
  public writeError(error: ToolchainError, debug: boolean): void {
    this.clearProgress();
    if (this.json) {
      this.streams.stdout.write(JSON.stringify(errorEnvelope(error, this.warnings, debug), null, 2) + '\n');
      return;
    }
    const lines = [`Error (${error.name}): ${error.message}`];
    if (error.actions.length) {
      lines.push('', 'Try this:', ...error.actions.map((a) => `  - ${a}`));
    }
    if (debug && error.stack) lines.push('', error.stack);
    this.streams.stderr.write(lines.join('\n') + '\n');
  }
}

export type SuccessEnvelope = { status: 0; result: unknown; warnings: string[] };
export type ErrorEnvelope = {
  status: number;
  name: string;
  message: string;
  exitCode: number;
  actions: string[];
  warnings: string[];
  data?: unknown;
  stack?: string;
};

/** The shape `sf --json` prints on success. */
export function successEnvelope(result: unknown, warnings: string[] = []): SuccessEnvelope {
  return { status: 0, result, warnings };
}

/** The shape `sf --json` prints on failure: status equals the exit code. */
export function errorEnvelope(error: ToolchainError, warnings: string[] = [], debug = false): ErrorEnvelope {
  const envelope: ErrorEnvelope = {
    status: error.exitCode,
    name: error.name,
    message: error.message,
    exitCode: error.exitCode,
    actions: error.actions,
    warnings
  };
  if (error.data !== undefined) envelope.data = error.data;
  if (debug && error.stack) envelope.stack = error.stack;
  return envelope;
}
