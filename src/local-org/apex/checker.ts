/**
 * Offline compile checks over method bodies: unknown types, unknown methods and wrong argument counts
 * among user classes and the supported library, and `new` with no matching constructor.
 * Static types of expressions are not inferred, so calls on arbitrary expressions are checked at run time.
 */
import {
  DeleteStatementContext,
  FieldDeclarationContext,
  InsertStatementContext,
  LocalVariableDeclarationContext,
  NewExpressionContext,
  UndeleteStatementContext,
  UpdateStatementContext,
  UpsertStatementContext,
  CatchClauseContext,
  CreatorContext,
  EnhancedForControlContext,
  FormalParameterContext,
  IdPrimaryContext,
  PrimaryExpressionContext,
  SoqlLiteralContext,
  TypeRefContext,
  VariableDeclaratorContext,
  type ApexParserRuleContext as ParserRuleContext
} from '@apexdevtools/apex-parser';
import { isExceptionClass, type ClassInfo } from './class-table.js';
import { createdType } from './creators.js';
import type { CompileProblem } from './errors.js';
import type { Interpreter } from './interpreter.js';
import { NON_DML_OBJECTS } from './library/dml.js';
import { toTypeRef } from './loader.js';
import { isKnownPlatformName } from './platform-names.js';
import { bodyCompletes } from './returns.js';
import { accessible, typeAccess } from './sema/access.js';
import { resolveType } from './types.js';
import { typeRef, typeToString, type TypeRef } from './values.js';

function children(ctx: ParserRuleContext): ParserRuleContext[] {
  return (ctx.children ?? []).filter((c): c is ParserRuleContext => 'children' in c);
}

/** Names declared anywhere in a body (locals, parameters, loop and catch variables), lower-cased. */
function declaredNames(ctx: ParserRuleContext, out: Set<string>): Set<string> {
  if (ctx instanceof VariableDeclaratorContext || ctx instanceof FormalParameterContext)
    out.add(ctx.id().getText().toLowerCase());
  if (ctx instanceof EnhancedForControlContext || ctx instanceof CatchClauseContext)
    out.add(ctx.id().getText().toLowerCase());
  for (const c of children(ctx)) declaredNames(c, out);
  return out;
}

/** Declared types by name; a name declared twice with different types maps to null (ambiguous). */
function declaredTypes(ctx: ParserRuleContext, out: Map<string, TypeRef | null>): Map<string, TypeRef | null> {
  const add = (name: string, t: TypeRef): void => {
    const key = name.toLowerCase();
    const prev = out.get(key);
    out.set(
      key,
      prev === undefined || (prev && typeToString(prev).toLowerCase() === typeToString(t).toLowerCase()) ? t : null
    );
  };
  if (ctx instanceof LocalVariableDeclarationContext || ctx instanceof FieldDeclarationContext) {
    const t = toTypeRef(ctx.typeRef());
    for (const d of ctx.variableDeclarators().variableDeclarator_list()) add(d.id().getText(), t);
  }
  if (ctx instanceof FormalParameterContext) add(ctx.id().getText(), toTypeRef(ctx.typeRef()));
  if (ctx instanceof EnhancedForControlContext || ctx instanceof CatchClauseContext) {
    add(
      ctx.id().getText(),
      ctx instanceof CatchClauseContext ? typeRef(ctx.qualifiedName().getText()) : toTypeRef(ctx.typeRef())
    );
  }
  for (const c of children(ctx)) declaredTypes(c, out);
  return out;
}

export class BodyChecker {
  readonly problems: CompileProblem[] = [];
  /** Declared types of locals and parameters in the body being checked (last declaration wins). */
  private localTypes = new Map<string, TypeRef | null>();
  constructor(private readonly it: Interpreter) {}

  private report(cls: ClassInfo, ctx: ParserRuleContext, message: string): void {
    const p = { file: cls.file, line: ctx.start.line, column: ctx.start.column + 1, message };
    if (this.problems.some((q) => q.line === p.line && q.column === p.column && q.message === p.message)) return;
    this.problems.push(p);
  }

  private checkType(cls: ClassInfo, t: TypeRef, ctx: ParserRuleContext): void {
    const r = resolveType(t, cls, this.it);
    if (!r && t.name.toLowerCase() !== 'void' && !isKnownPlatformName(t.name)) {
      this.report(cls, ctx, `Invalid type: ${typeToString(t)}`);
      return;
    }
    if (r?.kind === 'class') this.checkTypeVisible(cls, r.cls, ctx);
    for (const a of t.args) this.checkType(cls, a, ctx);
  }

  /** An inner type used outside its top-level class must be visible there (sema/access.ts). */
  private checkTypeVisible(cls: ClassInfo, used: ClassInfo, ctx: ParserRuleContext): void {
    if (!accessible(typeAccess(used), used.outer ?? used, cls))
      this.report(cls, ctx, `Type is not visible: ${used.name}`);
  }

  private fieldNames(cls: ClassInfo): Set<string> {
    const out = new Set<string>();
    for (let c: ClassInfo | null = cls; c; c = c.outer) {
      for (let s: ClassInfo | null = c; s; s = s.superClass) for (const k of s.fields.keys()) out.add(k);
    }
    return out;
  }

  /** Checks one body (method, constructor, initialiser) declared in `cls`. */
  checkBody(cls: ClassInfo, body: ParserRuleContext, params: readonly string[] = []): void {
    const names = declaredNames(body, new Set(params.map((p) => p.toLowerCase())));
    this.localTypes = declaredTypes(body, new Map());
    for (const f of this.fieldNames(cls)) names.add(f);
    this.walk(cls, body, names);
  }

  /** Checks statements that share one scope (the top level of an anonymous block). */
  checkBodies(cls: ClassInfo, bodies: readonly ParserRuleContext[]): void {
    const names = this.fieldNames(cls);
    for (const b of bodies) declaredNames(b, names);
    this.localTypes = new Map();
    for (const b of bodies) declaredTypes(b, this.localTypes);
    for (const b of bodies) this.walk(cls, b, names);
  }

  private walk(cls: ClassInfo, ctx: ParserRuleContext, names: Set<string>): void {
    if (ctx instanceof SoqlLiteralContext) return;
    if (ctx instanceof TypeRefContext) {
      this.checkType(cls, toTypeRef(ctx), ctx);
      return;
    }
    if (ctx instanceof CreatorContext) this.checkCreator(cls, ctx);
    if (
      ctx instanceof InsertStatementContext ||
      ctx instanceof UpdateStatementContext ||
      ctx instanceof UpsertStatementContext ||
      ctx instanceof DeleteStatementContext ||
      ctx instanceof UndeleteStatementContext
    ) {
      this.checkDmlTarget(cls, ctx);
    }
    for (const c of children(ctx)) this.walk(cls, c, names);
  }

  /** DML on objects the platform excludes from DML fails to compile, as in an org. */
  private checkDmlTarget(
    cls: ClassInfo,
    ctx:
      | InsertStatementContext
      | UpdateStatementContext
      | UpsertStatementContext
      | DeleteStatementContext
      | UndeleteStatementContext
  ): void {
    const e = ctx.expression();
    let t: TypeRef | null = null;
    if (e instanceof NewExpressionContext) t = createdType(e.creator());
    else if (e instanceof PrimaryExpressionContext && e.primary() instanceof IdPrimaryContext) {
      t = this.localTypes.get((e.primary() as IdPrimaryContext).id().getText().toLowerCase()) ?? null;
    }
    if (t && /^list$/i.test(t.name) && t.args[0]) t = t.args[0];
    const banned = t && NON_DML_OBJECTS.find((n) => n.toLowerCase() === t.name.toLowerCase());
    if (banned) {
      const op = ctx.getChild(0).getText().toLowerCase();
      this.report(cls, ctx, `DML operation ${op[0].toUpperCase() + op.slice(1)} not allowed on ${banned}`);
    }
  }

  private checkCreator(cls: ClassInfo, ctx: CreatorContext): void {
    const t = createdType(ctx);
    if (ctx.arrayCreatorRest()) return this.checkType(cls, t, ctx);
    const r = resolveType(t, cls, this.it);
    if (!r) return isKnownPlatformName(t.name) ? undefined : this.report(cls, ctx, `Invalid type: ${typeToString(t)}`);
    if (r.kind !== 'class' || r.cls.builtin) return;
    this.checkTypeVisible(cls, r.cls, ctx);
    const argc = ctx.classCreatorRest()?.arguments().expressionList()?.expression_list().length ?? 0;
    const c = r.cls;
    if (c.kind === 'interface') return this.report(cls, ctx, `Type cannot be constructed: ${c.name}`);
    if (c.isAbstract) return this.report(cls, ctx, `Abstract classes cannot be constructed: ${c.name}`);
    const ok = c.ctors.length ? c.ctors.some((m) => m.params.length === argc) : argc === 0;
    if (!ok && !(isExceptionClass(c) && argc <= 2)) {
      this.report(cls, ctx, `Constructor not defined: [${c.name}].<Constructor>(${argc} argument(s))`);
    }
  }

  /** Checks every member of a class: field/param/return types and all bodies. */
  checkClass(cls: ClassInfo): void {
    for (const f of cls.fields.values()) {
      this.checkType(cls, f.type, { start: { line: f.line, column: f.column - 1 } } as ParserRuleContext);
      if (f.init) this.checkBody(cls, f.init);
      const acc = f.property;
      if (acc?.getter && acc.getter !== 'auto') this.checkBody(cls, acc.getter);
      if (acc?.setter && acc.setter !== 'auto') this.checkBody(cls, acc.setter, ['value']);
    }
    for (const ms of [...cls.methods.values(), cls.ctors]) {
      for (const m of ms) {
        for (const p of m.params)
          this.checkType(cls, p.type, { start: { line: m.line, column: m.column - 1 } } as ParserRuleContext);
        if (m.returnType)
          this.checkType(cls, m.returnType, { start: { line: m.line, column: m.column - 1 } } as ParserRuleContext);
        if (m.body) {
          this.checkBody(
            cls,
            m.body,
            m.params.map((p) => p.name)
          );
        }
        if (m.body && m.returnType && bodyCompletes(m.body)) {
          this.report(cls, m.body, `Missing return statement required return type: ${typeToString(m.returnType)}`);
        }
      }
    }
    for (const init of [...cls.staticInits, ...cls.instanceInits])
      if (init.kind === 'block') this.checkBody(cls, init.block);
  }
}
