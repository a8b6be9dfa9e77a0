/**
 * Runs one asynchronous transaction (a batch start/execute/finish, a scheduled execute, a queueable):
 * a fresh interpreter with async limits and fresh static state, inside the data layer's transaction,
 * rolled back when the code ends in an unhandled exception.
 */
import { ApexCompileError, ApexThrow, UnsupportedFeatureError } from '../errors.js';
import type { Interpreter } from '../interpreter.js';
import { exceptionTypeName } from '../library/objects.js';
import { toApexString } from '../operators.js';
import { activate, type ApexRuntime } from '../runtime.js';
import type { ClassInfo } from '../class-table.js';
import { setAsyncContext, type AsyncContext } from './context.js';

export interface PhaseFailure {
  /** Apex exception type, e.g. "System.CalloutException" (or "System.UnexpectedException" for runtime faults). */
  readonly type: string;
  readonly message: string;
  readonly stack: string;
}

export interface PhaseResult {
  readonly failure: PhaseFailure | null;
  /** USER_DEBUG lines in the org's format. */
  readonly debug: readonly string[];
}

class RollbackSignal extends Error {}

/** An unhandled exception (or runtime fault) as the failure of a transaction. */
export function describeFailure(it: Interpreter, e: unknown): PhaseFailure {
  if (e instanceof ApexThrow) {
    const ex = e.exception;
    const msg = ex.fields.get('$message') ?? null;
    return {
      type: exceptionTypeName(ex),
      message: msg === null ? 'null' : toApexString(it, msg),
      stack: String(ex.fields.get('$stack') ?? '')
    };
  }
  if (e instanceof RangeError)
    return { type: 'System.LimitException', message: `Maximum stack depth reached: ${it.peakDepth + 1}`, stack: '' };
  if (e instanceof UnsupportedFeatureError || e instanceof ApexCompileError)
    return { type: 'System.UnexpectedException', message: e.message, stack: it.stackTrace() };
  if (e instanceof Error)
    return {
      type: 'System.UnexpectedException',
      message: `Internal error in the local Apex runtime: ${e.message}`,
      stack: it.stackTrace()
    };
  throw e;
}

/** Runs `body` as one asynchronous Apex transaction. */
export function runAsyncTransaction(
  runtime: ApexRuntime,
  context: AsyncContext,
  cls: ClassInfo,
  body: (it: Interpreter) => void
): PhaseResult {
  const it = runtime.newInterpreter({ isAsync: true });
  setAsyncContext(it, context);
  let failure: PhaseFailure | null = null;
  try {
    runtime.data.runInTransaction(() => {
      activate(it);
      it.pushFrame({ cls, self: null, label: `Class.${cls.name}`, line: cls.line, column: cls.column });
      try {
        body(it);
      } catch (e) {
        failure = describeFailure(it, e);
        throw new RollbackSignal();
      } finally {
        it.frames.length = 0;
      }
    });
  } catch (e) {
    if (!(e instanceof RollbackSignal)) throw e;
  }
  const debug = it.debugEntries.map((d) => `USER_DEBUG|[${d.line}]|${d.level}|${d.message}`);
  return { failure, debug };
}
