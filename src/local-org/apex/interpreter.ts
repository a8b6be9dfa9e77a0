/**
 * The interpreter's shared state: class table, static storage, the call stack, the debug log and limits.
 * Evaluation lives in expressions.ts / statements.ts / calls.ts; the platform library in library/.
 */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import { createBuiltinClasses, type BuiltinClasses } from './builtin-classes.js';
import { findField, isExceptionClass, newClassInfo, type ClassInfo, type FieldInfo } from './class-table.js';
import type { AsyncContext } from './async/context.js';
import type { ApexClock, RuntimeCollaborators } from './collaborators.js';
import type { ApexDataLayer, RunningUser } from './data-layer.js';
import { actingAs } from './running-user.js';
import type { EventTriggerState } from './events/trigger-context.js';
import { ApexThrow, InterpreterError, UnsupportedFeatureError, type SourcePos } from './errors.js';
import { COLLECTIONS, PRIMITIVES, coerce, stripSystem, type TypeResolver } from './types.js';
import { TriggerState } from './triggers/state.js';
import { ApexObject, type TypeRef, type Value } from './values.js';

export interface Var {
  readonly type: TypeRef;
  value: Value;
}

/** A local of a lowered body (lower/): its slot in the frame and its declared type. */
export interface SlotBinding {
  readonly slot: number;
  readonly type: TypeRef;
}

/** A slot seen as a Var by the tree walker (the fallback for nodes the lowering leaves to it). */
class SlotVar implements Var {
  constructor(
    private readonly slots: Value[],
    private readonly slot: number,
    readonly type: TypeRef
  ) {}
  get value(): Value {
    return this.slots[this.slot];
  }
  set value(v: Value) {
    this.slots[this.slot] = v;
  }
}

const NO_SLOTS: Value[] = [];

export interface Frame {
  readonly cls: ClassInfo;
  readonly self: ApexObject | null;
  /** Block scopes of the tree walker (empty in a lowered body until a fallback node pushes one). */
  readonly scopes: Map<string, Var>[];
  /** The locals of a lowered body, by slot (lower/). */
  readonly slots: Value[];
  /** The lowered locals visible where the running fallback node or library call sits (for lookups by name). */
  names: ReadonlyMap<string, SlotBinding> | null;
  /** "AnonymousBlock", "Class.Foo.bar", "Class.Foo.<init>". */
  readonly label: string;
  line: number;
  column: number;
  returnValue: Value;
}

export interface InterpreterOptions {
  /** Maximum call depth before "Maximum stack depth reached" (Apex: 1000). */
  readonly maxStackDepth?: number;
  readonly isAsync?: boolean;
  /** CPU time limit in ms (Apex: 10,000 synchronous, 60,000 asynchronous). */
  readonly cpuLimitMs?: number;
  /** Milliseconds of CPU time consumed so far by the running thread (default: threadCpuMs). */
  readonly cpuClock?: () => number;
  /** The user the transaction runs as when it is not the data layer's (a platform event trigger's user). */
  readonly runningUser?: RunningUser;
}

/**
 * CPU time of the current thread in ms. An org counts CPU time, not wall time: time the process waits
 * (another process holding the core, a blocked database call) is not counted ("Execution Governors and
 * Limits": https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_gov_limits.htm).
 */
export function threadCpuMs(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
}

/**
 * The CPU time limit is checked every 4,096 statements (statementCount & CPU_CHECK_MASK === 0): reading the
 * thread's CPU clock is a system call, dearer than thousands of lowered statements.
 */
export const CPU_CHECK_MASK = 4095;

/** Governor limits the runtime enforces (Apex Developer Guide, "Execution Governors and Limits"). */
export const LIMITS = { soqlSync: 100, soqlAsync: 200, queryRows: 50000, dmlStatements: 150, dmlRows: 10000 };

/** State that belongs to one Apex transaction (one interpreter) beyond the governor usage counters. */
export class TransactionState {
  /** Callouts made (Limits.getCallouts). */
  callouts = 0;
  /** Callout time used, in milliseconds (120 s per transaction). */
  calloutMs = 0;
  /** Queueable jobs added with System.enqueueJob. */
  queueablesEnqueued = 0;
  /** The asynchronous job this transaction runs (batch, scheduled, queueable); undefined when synchronous. */
  async: AsyncContext | undefined = undefined;
  /** EventBus.publish calls of PublishImmediately events (their own limit: Limits.getPublishImmediateDML). */
  publishImmediate = 0;
  /** The platform event trigger this transaction runs (EventBus.TriggerContext), when it runs one. */
  eventTrigger: EventTriggerState | undefined = undefined;
}

export class Interpreter implements TypeResolver {
  readonly builtins: BuiltinClasses = createBuiltinClasses();
  /** lower-cased full name → user class. */
  readonly classes = new Map<string, ClassInfo>();
  readonly statics = new Map<ClassInfo, Map<string, Value>>();
  private readonly staticState = new Map<ClassInfo, 'running' | 'done'>();
  readonly frames: Frame[] = [];
  /** USER_DEBUG entries in order. */
  readonly debugEntries: { line: number; level: string; message: string }[] = [];
  readonly usage = { soql: 0, queryRows: 0, dml: 0, dmlRows: 0 };
  readonly maxStackDepth: number;
  /** Identifier nodes that resolved to a type name in this transaction (see members.ts). */
  readonly typeNameCache = new Map<object, unknown>();
  /** sObject type → field types from its describe (library/soql.ts). */
  readonly fieldTypeCache = new Map<string, ReadonlyMap<string, { type: string; scale?: number }> | null>();
  /** Lists and Sets being iterated by a for-each loop (nesting count): modifying them is a FinalException. */
  readonly iterating = new Map<object, number>();

  /** Raises "Cannot modify a collection while it is being iterated." for a collection in a for-each loop. */
  checkNotIterating(coll: object): void {
    if (this.iterating.has(coll))
      this.throwApex('FinalException', 'Cannot modify a collection while it is being iterated.');
  }

  /** Savepoints handed to Apex code → the data layer's handles. */
  readonly savepoints = new Map<object, unknown>();

  /** Statements executed in this transaction (for measurements). */
  statementCount = 0;
  /** The thread's CPU clock and its reading when the transaction started (Limits.getCpuTime). */
  private readonly cpuClock: () => number;
  private readonly cpuAtStart: number;
  /** Deepest call stack reached (reported when the JS stack runs out before Apex's limit). */
  peakDepth = 0;
  readonly isAsync: boolean;
  /** Source text per file, for SOQL text extraction. */
  readonly sources = new Map<string, string>();
  private readonly sobjectCache = new Map<string, string | null>();
  /** Callbacks into the evaluator that low-level helpers (operators) need without importing it. */
  hooks: {
    userEquals?: (a: ApexObject, b: Value) => boolean | undefined;
    objectToString: (o: ApexObject) => string;
  } = { objectToString: (o) => o.cls.name };

  /** Per-transaction state (callouts, queueables, the async job context). */
  readonly transaction = new TransactionState();
  /** The org's triggers and the trigger invocations running in this transaction (triggers/). */
  readonly triggers = new TriggerState();
  readonly data: ApexDataLayer;
  readonly clock: ApexClock;
  /** The org's collaborators (async job host, callout host, permission host), as the runtime received them. */
  readonly org: RuntimeCollaborators;

  constructor(org: RuntimeCollaborators, opts: InterpreterOptions = {}) {
    this.org = org;
    const runAs = opts.runningUser;
    this.data = runAs ? actingAs(org.data, () => runAs) : org.data;
    this.clock = org.clock;
    this.maxStackDepth = opts.maxStackDepth ?? 1000;
    this.isAsync = opts.isAsync ?? false;
    this.cpuLimitMs = opts.cpuLimitMs ?? (this.isAsync ? 60000 : 10000);
    this.cpuClock = opts.cpuClock ?? threadCpuMs;
    this.cpuAtStart = this.cpuClock();
  }

  /** CPU time used by this transaction so far, in ms. */
  cpuTimeMs(): number {
    return this.cpuClock() - this.cpuAtStart;
  }

  readonly cpuLimitMs: number;

  /** Raises the uncatchable "Apex CPU time limit exceeded" once the transaction has run too long. */
  checkCpu(): void {
    if (this.cpuTimeMs() > this.cpuLimitMs) this.throwApex('LimitException', 'Apex CPU time limit exceeded');
  }

  addClass(cls: ClassInfo): void {
    this.classes.set(cls.name.toLowerCase(), cls);
  }

  /** A synthetic class holding an anonymous block's own methods, fields and inner classes. */
  newAnonymousClass(): ClassInfo {
    return newClassInfo({ name: 'AnonymousBlock', kind: 'class', file: 'AnonymousBlock' });
  }

  findClass(name: string, from: ClassInfo | null): ClassInfo | null {
    const lower = name.toLowerCase();
    for (let c = from; c; c = c.outer) {
      if (c.name.toLowerCase() === lower) return c;
      const inner = c.inner.get(lower);
      if (inner) return inner;
      // inherited inner types
      for (let s = c.superClass; s; s = s.superClass) {
        const i = s.inner.get(lower);
        if (i) return i;
      }
    }
    const top = this.classes.get(lower);
    if (top) return top;
    const dot = lower.indexOf('.');
    if (dot > 0 && !lower.startsWith('system.') && !lower.startsWith('database.')) {
      let c = this.findClass(name.slice(0, dot), from);
      for (const part of lower.slice(dot + 1).split('.')) c = c?.inner.get(part) ?? null;
      if (c) return c;
    }
    return this.builtins.byName.get(stripSystem(name).toLowerCase()) ?? null;
  }

  isSObjectType(name: string): string | null {
    const lower = name.toLowerCase();
    if (PRIMITIVES.has(lower) || COLLECTIONS.has(lower)) return null;
    if (!this.sobjectCache.has(lower)) {
      const d = this.data.describe(name);
      this.sobjectCache.set(lower, d ? d.name : null);
    }
    return this.sobjectCache.get(lower) ?? null;
  }

  // ---- frames and positions ------------------------------------------------------------------

  get frame(): Frame {
    return this.frames[this.frames.length - 1];
  }

  pos(ctx: ParserRuleContext): SourcePos {
    return { file: this.frame?.cls.file ?? 'AnonymousBlock', line: ctx.start.line, column: ctx.start.column + 1 };
  }

  unsupported(feature: string, ctx: ParserRuleContext): never {
    throw new UnsupportedFeatureError(feature, this.pos(ctx));
  }

  /** Unsupported at the current statement (when no parse node is at hand). */
  throwUnsupported(feature: string): never {
    const f = this.frame;
    throw new UnsupportedFeatureError(feature, {
      file: f?.cls.file ?? 'AnonymousBlock',
      line: f?.line ?? 0,
      column: f?.column ?? 0
    });
  }

  pushFrame(
    frame: Omit<Frame, 'returnValue' | 'scopes' | 'slots' | 'names'> & { scopes?: Map<string, Var>[]; slots?: Value[] }
  ): Frame {
    if (this.frames.length >= this.maxStackDepth) {
      this.throwApex('LimitException', `Maximum stack depth reached: ${this.frames.length + 1}`);
    }
    const f: Frame = {
      cls: frame.cls,
      self: frame.self,
      label: frame.label,
      line: frame.line,
      column: frame.column,
      scopes: frame.scopes ?? (frame.slots ? [] : [new Map()]),
      slots: frame.slots ?? NO_SLOTS,
      names: null,
      returnValue: null
    };
    this.frames.push(f);
    if (this.frames.length > this.peakDepth) this.peakDepth = this.frames.length;
    return f;
  }

  popFrame(): void {
    this.frames.pop();
  }

  stackTrace(): string {
    const lines: string[] = [];
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      lines.push(`${f.label}: line ${f.line}, column ${f.column}`);
    }
    return lines.join('\n');
  }

  // ---- variables -------------------------------------------------------------------------------

  declareLocal(name: string, type: TypeRef, value: Value): void {
    const scopes = this.frame.scopes;
    scopes[scopes.length - 1].set(name.toLowerCase(), { type, value: coerce(value, type) });
  }

  lookupLocal(lowerName: string): Var | undefined {
    const frame = this.frame;
    const scopes = frame.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const v = scopes[i].get(lowerName);
      if (v) return v;
    }
    const b = frame.names?.get(lowerName);
    return b ? new SlotVar(frame.slots, b.slot, b.type) : undefined;
  }

  /** Finds a field visible from the current frame: own/inherited fields, then outer classes' statics. */
  lookupField(lowerName: string): FieldInfo | null {
    for (let c: ClassInfo | null = this.frame.cls; c; c = c.outer) {
      const f = findField(c, lowerName);
      if (f) return f;
    }
    return null;
  }

  // ---- statics ---------------------------------------------------------------------------------

  staticsOf(cls: ClassInfo): Map<string, Value> {
    let m = this.statics.get(cls);
    if (!m) {
      m = new Map();
      this.statics.set(cls, m);
    }
    return m;
  }

  /**
   * Takes over another interpreter's static state (values, and which classes are initialised). In Apex tests,
   * jobs run at Test.stopTest share the test's static variables, in both directions
   * (https://salesforce.stackexchange.com/questions/128169).
   */
  adoptStatics(from: Interpreter): void {
    for (const [c, m] of from.statics) this.statics.set(c, m);
    for (const [c, s] of from.staticState) this.staticState.set(c, s);
  }

  /** Runs static field initialisers and static blocks once, on first use of the class. */
  ensureStaticInit(cls: ClassInfo, run: (cls: ClassInfo) => void): void {
    if (this.staticState.has(cls) || cls.builtin) return;
    this.staticState.set(cls, 'running');
    if (cls.outer) this.ensureStaticInit(cls.outer, run);
    if (cls.superClass) this.ensureStaticInit(cls.superClass, run);
    run(cls);
    this.staticState.set(cls, 'done');
  }

  // ---- exceptions ------------------------------------------------------------------------------

  exceptionClass(simpleName: string): ClassInfo {
    const cls = this.builtins.byName.get(simpleName.toLowerCase());
    if (!cls) throw new InterpreterError(`unknown built-in exception ${simpleName}`);
    return cls;
  }

  /** Creates an exception object with its line and stack trace captured at the current position. */
  newException(cls: ClassInfo, message: string | null, cause: ApexObject | null = null): ApexObject {
    if (!isExceptionClass(cls)) throw new InterpreterError(`${cls.name} is not an exception class`);
    const e = new ApexObject(cls);
    e.fields.set('$message', message);
    e.fields.set('$cause', cause);
    e.fields.set('$line', this.frame ? this.frame.line : 0);
    e.fields.set('$column', this.frame ? this.frame.column : 0);
    e.fields.set('$stack', this.stackTrace());
    return e;
  }

  throwApex(simpleName: string, message: string | null): never {
    throw new ApexThrow(this.newException(this.exceptionClass(simpleName), message));
  }

  npe(): never {
    this.throwApex('NullPointerException', 'Attempt to de-reference a null object');
  }

  // ---- debug log -------------------------------------------------------------------------------

  debug(level: string, message: string, line: number): void {
    this.debugEntries.push({ line, level, message });
  }

  // ---- limits ----------------------------------------------------------------------------------

  countSoql(rows: number): void {
    this.usage.soql++;
    const max = this.isAsync ? LIMITS.soqlAsync : LIMITS.soqlSync;
    if (this.usage.soql > max) this.throwApex('LimitException', `Too many SOQL queries: ${this.usage.soql}`);
    this.usage.queryRows += rows;
    if (this.usage.queryRows > LIMITS.queryRows) {
      this.throwApex('LimitException', `Too many query rows: ${this.usage.queryRows}`);
    }
  }

  countDml(rows: number): void {
    this.usage.dml++;
    if (this.usage.dml > LIMITS.dmlStatements) {
      this.throwApex('LimitException', `Too many DML statements: ${this.usage.dml}`);
    }
    this.usage.dmlRows += rows;
    if (this.usage.dmlRows > LIMITS.dmlRows)
      this.throwApex('LimitException', `Too many DML rows: ${this.usage.dmlRows}`);
  }
}
