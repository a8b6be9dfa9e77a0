/**
 * The Apex endpoint of the local org's Lightning pages: runs one @AuraEnabled static method of a deployed
 * class as one transaction (rolled back when it ends in an exception), with the parameters matched by name
 * and converted to the declared types, and answers as a Lightning action does: `state` SUCCESS with the
 * return value, or `state` ERROR with the error object the component receives (`{ status, statusText, ok,
 * headers, body: { message, exceptionType, isUserDefinedException, stackTrace } }`, modelled on the Fetch
 * API Response: https://developer.salesforce.com/docs/platform/lwc/guide/apex-error-handling,
 * http://releasenotes.docs.salesforce.com/en-us/spring19/release-notes/rn_lc_lds_error.htm).
 */
import { invoke } from '../apex/calls.js';
import { findMethods, type ClassInfo, type MethodInfo } from '../apex/class-table.js';
import { ApexCompileError, ApexThrow, UnsupportedFeatureError } from '../apex/errors.js';
import type { Interpreter } from '../apex/interpreter.js';
import { parseJson } from '../apex/json-text.js';
import { typed } from '../apex/library/json.js';
import { exceptionTypeName } from '../apex/library/objects.js';
import { toApexString } from '../apex/operators.js';
import { activate, type ApexRuntime } from '../apex/runtime.js';
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import type { Value } from '../apex/values.js';
import { AuraSerializationError, toAuraJson } from './aura-value.js';

export interface AuraAction {
  readonly namespace?: string;
  readonly classname: string;
  readonly method: string;
  readonly params?: Record<string, unknown>;
  readonly cacheable?: boolean;
}

export interface AuraErrorBody {
  readonly message: string;
  readonly exceptionType: string;
  readonly isUserDefinedException: boolean;
  readonly stackTrace: string;
}

export type AuraActionResult =
  | { readonly state: 'SUCCESS'; readonly returnValue: unknown }
  | {
      readonly state: 'ERROR';
      readonly error: {
        readonly status: number;
        readonly statusText: string;
        readonly ok: false;
        readonly headers: Record<string, never>;
        readonly body: AuraErrorBody;
      };
    };

/** The call itself is wrong (no such class or method, not @AuraEnabled…): the page asked for what the org lacks. */
export class AuraActionError extends Error {
  constructor(
    message: string,
    readonly status: number
  ) {
    super(message);
    this.name = 'AuraActionError';
  }
}

class RollbackSignal extends Error {}

function topLevelClass(it: Interpreter, name: string): ClassInfo {
  const cls = /^\w+$/.test(name) ? it.findClass(name, null) : null;
  if (!cls || cls.builtin || cls.outer)
    throw new AuraActionError(
      `No deployed Apex class named ${name}: deploy it, or fix the @salesforce/apex import`,
      404
    );
  return cls;
}

/** The @AuraEnabled static method `<classname>.<method>`, and whether it is cacheable. */
export function findAuraMethod(
  it: Interpreter,
  classname: string,
  method: string
): { method: MethodInfo; cacheable: boolean } {
  const cls = topLevelClass(it, classname);
  const candidates = findMethods(cls, method.toLowerCase()).filter(
    (m) => m.owner === cls && m.annotations?.has('auraenabled')
  );
  if (!candidates.length)
    throw new AuraActionError(
      `${cls.name}.${method} is not an @AuraEnabled method of ${cls.name}: annotate a public static method with @AuraEnabled`,
      404
    );
  const m = candidates[0];
  if (!m.isStatic)
    throw new AuraActionError(`${cls.name}.${m.name} must be static to be called from a Lightning component`, 400);
  return { method: m, cacheable: m.annotations?.has('auraenabled:cacheable=true') ?? false };
}

function failure(it: Interpreter, e: unknown): AuraErrorBody {
  if (e instanceof ApexThrow) {
    const ex = e.exception;
    const message = ex.fields.get('$message') ?? null;
    return {
      message: message === null ? '' : toApexString(it, message),
      exceptionType: exceptionTypeName(ex),
      isUserDefinedException: !ex.cls.builtin,
      stackTrace: String(ex.fields.get('$stack') ?? '')
    };
  }
  if (e instanceof RangeError)
    return {
      message: `Maximum stack depth reached: ${it.peakDepth + 1}`,
      exceptionType: 'System.LimitException',
      isUserDefinedException: false,
      stackTrace: ''
    };
  throw e;
}

/**
 * Runs the action. Apex exceptions come back as `state: 'ERROR'`; a call to something that is not an
 * @AuraEnabled method throws AuraActionError; what the runtime does not support throws its own error.
 */
export function runAuraAction(runtime: ApexRuntime, action: AuraAction): AuraActionResult {
  if (action.namespace)
    throw new AuraActionError(
      `not supported by the local runtime: the namespace ${action.namespace} of ${action.classname}.${action.method}`,
      501
    );
  const it = runtime.newInterpreter();
  const { method, cacheable } = findAuraMethod(it, action.classname, action.method);
  if (action.cacheable && !cacheable)
    throw new AuraActionError(
      `${method.owner.name}.${method.name} was called as cacheable but is not @AuraEnabled(cacheable=true)`,
      400
    );
  const params = action.params ?? {};
  let returnValue: unknown = null;
  let error: AuraErrorBody | null = null;
  try {
    runtime.data.runInTransaction(() => {
      activate(it);
      it.pushFrame({
        cls: method.owner,
        self: null,
        label: `Class.${method.owner.name}`,
        line: method.line,
        column: method.column
      });
      try {
        const ctx = (method.body ?? undefined) as unknown as ParserRuleContext;
        const args: Value[] = method.params.map((p) =>
          typed(it, parseJson(JSON.stringify(params[p.name] ?? null)), p.type, ctx)
        );
        const value = invoke(it, method, null, args);
        returnValue = method.returnType === null ? null : toAuraJson(it, value);
      } catch (e) {
        if (
          e instanceof UnsupportedFeatureError ||
          e instanceof ApexCompileError ||
          e instanceof AuraSerializationError
        )
          throw e;
        error = failure(it, e);
        throw new RollbackSignal();
      } finally {
        it.frames.length = 0;
      }
    });
  } catch (e) {
    if (!(e instanceof RollbackSignal)) throw e;
  }
  if (error)
    return {
      state: 'ERROR',
      error: { status: 500, statusText: 'Server Error', ok: false, headers: {}, body: error }
    };
  return { state: 'SUCCESS', returnValue };
}
