/**
 * The Apex runtime facade: compile (load, link, check) deployed classes, then run code against them.
 * Each run is a transaction with fresh static state, as in an org.
 */
import { FieldDeclarationContext, type StatementContext } from '@apexdevtools/apex-parser';
import { callUserMethod, runStaticInit } from './calls.js';
import { BodyChecker } from './checker.js';
import { TypeChecker } from './sema/type-checker.js';
import { findMethods, type ClassInfo } from './class-table.js';
import type { ApexClock, RuntimeCollaborators } from './collaborators.js';
import type { ApexDataLayer } from './data-layer.js';
import { ApexCompileError, type CompileProblem } from './errors.js';
import { Interpreter, type InterpreterOptions } from './interpreter.js';
import './library/index.js';
import { objectToString, userEquals } from './library/objects.js';
import { linkClasses } from './linker.js';
import { checkTrigger, loadTrigger, type TriggerDef } from './triggers/load.js';
import { lowerAnonymous } from './lower/body.js';
import { addMember, loadClassSource, modifiersOf, parseAnonymous } from './loader.js';
import { coercionHooks } from './types.js';
import { keyHooks, type Value } from './values.js';

export interface ApexSourceFile {
  /** The class name (file name without .cls). */
  readonly name: string;
  readonly body: string;
}

/** A deployed trigger's source and whether it is active (Status in its -meta.xml). */
export interface ApexTriggerFile extends ApexSourceFile {
  readonly active: boolean;
}

export interface CompileResult {
  readonly success: boolean;
  readonly problems: readonly CompileProblem[];
}

export class ApexRuntime {
  private classes: ClassInfo[] = [];
  private readonly sources = new Map<string, string>();
  private triggerDefs: readonly TriggerDef[] = [];

  readonly data: ApexDataLayer;
  readonly clock: ApexClock;

  /** The runtime gets its collaborators explicitly: data, clock and, when the org offers them, async, callouts, permissions. */
  constructor(
    readonly collaborators: RuntimeCollaborators,
    private readonly options: InterpreterOptions = {}
  ) {
    this.data = collaborators.data;
    this.clock = collaborators.clock;
  }

  /** Compiles and (when there are no problems) registers the files, replacing classes of the same name. */
  compile(files: readonly ApexSourceFile[]): CompileResult {
    const problems: CompileProblem[] = [];
    const loaded: ClassInfo[] = [];
    for (const f of files) {
      try {
        const types = loadClassSource(f.body, f.name);
        const top = types.find((t) => !t.outer)!;
        if (top.name.toLowerCase() !== f.name.toLowerCase()) {
          problems.push({
            file: f.name,
            line: top.line,
            column: top.column,
            message: `Class name ${top.name} does not match file ${f.name}`
          });
        }
        loaded.push(...types);
      } catch (e) {
        if (e instanceof ApexCompileError) problems.push(...e.problems);
        else throw e;
      }
    }
    if (problems.length) return { success: false, problems };
    const replaced = new Set(files.map((f) => f.name.toLowerCase()));
    const kept = this.classes.filter((c) => !replaced.has(c.file.toLowerCase()));
    const candidate = [...kept.map(resetLinks), ...loaded];
    const it = this.newInterpreterWith(
      candidate,
      new Map([...this.sources, ...files.map((f) => [f.name, f.body] as [string, string])])
    );
    problems.push(...linkClasses(it, candidate));
    const checker = new BodyChecker(it);
    const types = new TypeChecker(it);
    for (const c of loaded) {
      checker.checkClass(c);
      types.checkClass(c);
    }
    problems.push(...checker.problems, ...types.problems);
    if (problems.length) {
      linkClasses(this.newInterpreterWith(this.classes.map(resetLinks), this.sources), this.classes);
      return { success: false, problems: byPosition(problems) };
    }
    this.classes = candidate;
    for (const f of files) this.sources.set(f.name, f.body);
    return { success: true, problems: [] };
  }

  /** Checks trigger sources against the compiled classes (triggers/load.ts) and returns their problems. */
  checkTriggers(files: readonly ApexSourceFile[]): CompileProblem[] {
    return files.flatMap((f) => checkTrigger(this.newInterpreter(), f.body, f.name));
  }

  /**
   * Compiles the org's triggers against the compiled classes and, when none has problems, registers them
   * (replacing the triggers registered before): every later transaction fires the active ones.
   */
  compileTriggers(files: readonly ApexTriggerFile[]): CompileResult {
    const defs: TriggerDef[] = [];
    const problems: CompileProblem[] = [];
    for (const f of files) {
      if (f.body) this.sources.set(f.name, f.body);
      const r = loadTrigger(this.newInterpreter(), f.body, f.name, f.active);
      problems.push(...r.problems);
      if (r.def) defs.push(r.def);
    }
    if (problems.length) return { success: false, problems: byPosition(problems) };
    this.triggerDefs = defs;
    return { success: true, problems: [] };
  }

  /** The registered triggers (active and inactive). */
  get triggers(): readonly TriggerDef[] {
    return this.triggerDefs;
  }

  get classNames(): string[] {
    return this.classes.filter((c) => !c.outer).map((c) => c.name);
  }

  private newInterpreterWith(
    classes: readonly ClassInfo[],
    sources: ReadonlyMap<string, string>,
    options: InterpreterOptions = this.options
  ): Interpreter {
    const it = new Interpreter(this.collaborators, options);
    for (const c of classes) if (!c.outer) it.addClass(c);
    for (const [k, v] of sources) it.sources.set(k, v);
    it.hooks = { objectToString: (o) => objectToString(it, o), userEquals: (a, b) => userEquals(it, a, b) };
    it.triggers.defs = this.triggerDefs;
    activate(it);
    return it;
  }

  /** A fresh interpreter (one transaction) over the compiled classes; async jobs pass `{ isAsync: true }`. */
  newInterpreter(options?: InterpreterOptions): Interpreter {
    return this.newInterpreterWith(this.classes, this.sources, options ?? this.options);
  }

  /**
   * Compiles an anonymous block into a synthetic class and returns a function that runs its statements.
   * Throws ApexCompileError.
   */
  prepareAnonymous(source: string): { it: Interpreter; run: () => void } {
    const unit = parseAnonymous(source);
    const it = this.newInterpreter();
    it.sources.set('AnonymousBlock', source);
    const anon = it.newAnonymousClass();
    const inner: ClassInfo[] = [];
    const register = (c: ClassInfo): void => {
      inner.push(c);
      c.outer?.inner.set(c.name.slice(c.name.lastIndexOf('.') + 1).toLowerCase(), c);
    };
    // Top-level declarations parse as fields but behave as locals, run in source order with the statements.
    const statements: (StatementContext | FieldDeclarationContext)[] = [];
    for (const m of unit.anonymousBlock().anonymousBlockMember_list()) {
      const decl = m.anonymousMemberDeclaration();
      const field = decl?.fieldDeclaration();
      if (field) statements.push(field);
      else if (decl) addMember(anon, decl, modifiersOf(m.modifier_list()), register, true);
      else statements.push(m.statement());
    }
    const problems = linkClasses(it, [anon, ...inner]);
    const checker = new BodyChecker(it);
    const types = new TypeChecker(it);
    for (const c of [anon, ...inner]) {
      checker.checkClass(c);
      types.checkClass(c);
    }
    checker.checkBodies(anon, statements);
    types.checkAnonymous(anon, statements);
    problems.push(...checker.problems, ...types.problems);
    if (problems.length) throw new ApexCompileError(byPosition(problems));
    const run = (): void => {
      activate(it);
      const lowered = lowerAnonymous(it, anon, statements);
      const f = it.pushFrame({
        cls: anon,
        self: null,
        label: 'AnonymousBlock',
        line: 1,
        column: 1,
        slots: new Array<Value>(lowered.nslots).fill(null)
      });
      runStaticInit(it, anon);
      lowered.run(it, f);
      it.popFrame();
    };
    return { it, run };
  }
}

/**
 * Points the module-level hooks (values.ts keyHooks, types.ts coercionHooks) at an interpreter. Runs are
 * synchronous, so one interpreter is active at a time; call this when (re)entering an interpreter.
 */
export function activate(it: Interpreter): void {
  keyHooks.objectKey = (o) => {
    if (o.cls.builtin || !findMethods(o.cls, 'hashcode').some((m) => m.body && m.params.length === 0)) return null;
    return `u${o.cls.name.toLowerCase()}:${String(callUserMethod(it, o, 'hashcode', []).value)}`;
  };
  coercionHooks.singleRow = (rows) => {
    if (rows.items.length === 0) it.throwApex('QueryException', 'List has no rows for assignment to SObject');
    if (rows.items.length > 1) it.throwApex('QueryException', 'List has more than 1 row for assignment to SObject');
    return rows.items[0];
  };
}

/** Problems in file, line, column order (stable for equal positions), each reported once. */
function byPosition(problems: CompileProblem[]): CompileProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.file}:${p.line}:${p.column}:${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.file.localeCompare(b.p.file) || a.p.line - b.p.line || a.p.column - b.p.column || a.i - b.i)
    .map((x) => x.p);
}

function resetLinks(c: ClassInfo): ClassInfo {
  c.superClass = null;
  c.interfaces = [];
  return c;
}
