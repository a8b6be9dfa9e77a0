/**
 * Execute anonymous: the shape of the SOAP `executeAnonymous` result an org returns
 * (compiled, compileProblem, line, column, success, exceptionMessage, exceptionStackTrace) plus the debug log.
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_methods_system_executeanonymous.htm
 */
import { ApexCompileError, ApexThrow, UnsupportedFeatureError } from './errors.js';
import type { Interpreter } from './interpreter.js';
import { exceptionTypeName } from './library/objects.js';
import { toApexString } from './operators.js';
import type { ApexRuntime } from './runtime.js';

export interface ExecuteAnonymousResult {
  readonly compiled: boolean;
  readonly compileProblem: string | null;
  readonly line: number;
  readonly column: number;
  readonly success: boolean;
  readonly exceptionMessage: string | null;
  readonly exceptionStackTrace: string | null;
  /** The debug log text, with `USER_DEBUG|[line]|LEVEL|message` entries in the org's format. */
  readonly debugLog: string;
}

export interface ExecuteAnonymousContext {
  readonly runtime: ApexRuntime;
  /** API version written in the log header. */
  readonly apiVersion?: string;
}

/** Thrown inside the data layer's transaction to make it roll back; caught right outside. */
class RollbackSignal extends Error {}

function timestamp(ms: number, startMs: number): string {
  const d = new Date(ms);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  const mss = String(d.getUTCMilliseconds()).padStart(3, '0');
  return `${hh}:${mm}:${ss}.${mss} (${Math.max(0, ms - startMs) * 1000000})`;
}

function buildLog(
  it: Interpreter | null,
  apiVersion: string,
  startMs: number,
  fatal: string | null,
  source: string
): string {
  const ts = timestamp(startMs, startMs);
  const lines = [
    `${apiVersion} APEX_CODE,DEBUG;APEX_PROFILING,INFO;DB,INFO;SYSTEM,DEBUG`,
    'Execute Anonymous: ' + source.split('\n').join('\nExecute Anonymous: ')
  ];
  lines.push(`${ts}|EXECUTION_STARTED`, `${ts}|CODE_UNIT_STARTED|[EXTERNAL]|execute_anonymous_apex`);
  for (const e of it?.debugEntries ?? []) lines.push(`${ts}|USER_DEBUG|[${e.line}]|${e.level}|${e.message}`);
  if (fatal) lines.push(`${ts}|FATAL_ERROR|${fatal}`);
  lines.push(`${ts}|CODE_UNIT_FINISHED|execute_anonymous_apex`, `${ts}|EXECUTION_FINISHED`);
  return lines.join('\n') + '\n';
}

export function executeAnonymous(source: string, context: ExecuteAnonymousContext): ExecuteAnonymousResult {
  const apiVersion = context.apiVersion ?? '65.0';
  const runtime = context.runtime;
  const startMs = runtime.clock.now();
  let prepared: ReturnType<ApexRuntime['prepareAnonymous']>;
  try {
    prepared = runtime.prepareAnonymous(source);
  } catch (e) {
    if (!(e instanceof ApexCompileError)) throw e;
    const p = e.problems[0];
    return {
      compiled: false,
      compileProblem: p.message,
      line: p.line,
      column: p.column,
      success: false,
      exceptionMessage: null,
      exceptionStackTrace: null,
      debugLog: ''
    };
  }
  const { it, run } = prepared;
  let failure: { message: string; stack: string; line: number; column: number; compile?: boolean } | null = null;
  try {
    runtime.data.runInTransaction(() => {
      try {
        run();
      } catch (e) {
        if (e instanceof ApexThrow) {
          const ex = e.exception;
          const msg = ex.fields.get('$message') ?? null;
          failure = {
            message: `${exceptionTypeName(ex)}: ${msg === null ? 'null' : toApexString(it, msg)}`,
            stack: String(ex.fields.get('$stack') ?? ''),
            line: Number(ex.fields.get('$line') ?? -1),
            column: Number(ex.fields.get('$column') ?? -1)
          };
        } else if (e instanceof RangeError) {
          // The JS stack ran out before Apex's 1000 frames: report it as the limit it stands for.
          failure = {
            message: `System.LimitException: Maximum stack depth reached: ${it.peakDepth + 1}`,
            stack: '',
            line: it.frames[0]?.line ?? -1,
            column: it.frames[0]?.column ?? -1
          };
        } else if (e instanceof UnsupportedFeatureError) {
          failure = { message: e.message, stack: it.stackTrace(), line: e.pos.line, column: e.pos.column };
        } else if (e instanceof ApexCompileError) {
          const p = e.problems[0];
          failure = { message: p.message, stack: '', line: p.line, column: p.column, compile: true };
        } else if (e instanceof Error) {
          // A fault of the runtime itself (a bug or an unchecked argument type): fail the run loudly, roll back.
          failure = {
            message: `Internal error in the local Apex runtime: ${e.message}`,
            stack: it.stackTrace(),
            line: it.frames[it.frames.length - 1]?.line ?? -1,
            column: it.frames[it.frames.length - 1]?.column ?? -1
          };
        } else throw e;
        throw new RollbackSignal();
      }
    });
  } catch (e) {
    if (!(e instanceof RollbackSignal)) throw e;
  }
  const f = failure as { message: string; stack: string; line: number; column: number; compile?: boolean } | null;
  if (f?.compile) {
    return {
      compiled: false,
      compileProblem: f.message,
      line: f.line,
      column: f.column,
      success: false,
      exceptionMessage: null,
      exceptionStackTrace: null,
      debugLog: ''
    };
  }
  return {
    compiled: true,
    compileProblem: null,
    line: f ? f.line : -1,
    column: f ? f.column : -1,
    success: !f,
    exceptionMessage: f ? f.message : null,
    exceptionStackTrace: f ? f.stack : null,
    debugLog: buildLog(it, apiVersion, startMs, f ? f.message : null, source)
  };
}
