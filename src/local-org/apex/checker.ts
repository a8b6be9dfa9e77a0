/**
 * Offline compile checks over method bodies: unknown types, unknown methods and wrong argument counts
 * among user classes and the supported library, and `new` with no matching constructor.
 * Static types of expressions are not inferred, so calls on arbitrary expressions are checked at run time.
 */
import {
  AssignExpressionContext,
  LiteralPrimaryContext,
  type ExpressionContext,
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
  DotExpressionContext,
  EnhancedForControlContext,
  FormalParameterContext,
  IdPrimaryContext,
  MethodCallContext,
  PrimaryExpressionContext,
  SoqlLiteralContext,
  TypeRefContext,
  VariableDeclaratorContext,
  type ApexParserRuleContext as ParserRuleContext
} from '@apexdevtools/apex-parser';
import { findMethods, isExceptionClass, type ClassInfo } from './class-table.js';
import { createdType } from './creators.js';
import type { CompileProblem } from './errors.js';
import type { Interpreter } from './interpreter.js';
import { NON_DML_OBJECTS } from './library/dml.js';
import { instanceEntry, isLibraryClass, staticEntry, type Kind } from './library/registry.js';
import { toTypeRef } from './loader.js';
import { isKnownPlatformName } from './platform-names.js';
import { bodyCompletes } from './returns.js';
import { builtinEnumName, resolveType, stripSystem } from './types.js';
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

/** The library kind whose instance methods a declared type has, or null when unknown/dynamic. */
function libraryKind(t: TypeRef): Kind | null {
  switch (stripSystem(t.name).toLowerCase()) {
    case 'string':
    case 'id':
      return 'String';
    case 'integer':
      return 'Integer';
    case 'long':
      return 'Long';
    case 'double':
      return 'Double';
    case 'decimal':
      return 'Decimal';
    case 'boolean':
      return 'Boolean';
    case 'list':
      return 'List';
    case 'set':
      return 'Set';
    case 'map':
      return 'Map';
    case 'date':
      return 'Date';
    case 'datetime':
      return 'Datetime';
    case 'time':
      return 'Time';
    default:
      return null;
  }
}

/** Which primitive types a value of each primitive type may be assigned to (widening included). */
const PRIMITIVE_ASSIGNABLE: Record<string, string[]> = {
  integer: ['integer', 'long', 'double', 'decimal'],
  long: ['long', 'double', 'decimal'],
  double: ['double', 'decimal'],
  decimal: ['decimal', 'double'],
  string: ['string', 'id'],
  id: ['id', 'string'],
  boolean: ['boolean'],
  date: ['date', 'datetime'],
  datetime: ['datetime'],
  time: ['time']
};

export class BodyChecker {
  readonly problems: CompileProblem[] = [];
  /** True while checking the body of a static method. */
  private staticContext = false;
  /** Declared types of locals and parameters in the body being checked (last declaration wins). */
  private localTypes = new Map<string, TypeRef | null>();
  constructor(private readonly it: Interpreter) {}

  private report(cls: ClassInfo, ctx: ParserRuleContext, message: string): void {
    const p = { file: cls.file, line: ctx.start.line, column: ctx.start.column + 1, message };
    if (this.problems.some((q) => q.line === p.line && q.column === p.column && q.message === p.message)) return;
    this.problems.push(p);
  }

  private checkType(cls: ClassInfo, t: TypeRef, ctx: ParserRuleContext): void {
    if (!resolveType(t, cls, this.it) && t.name.toLowerCase() !== 'void' && !isKnownPlatformName(t.name)) {
      this.report(cls, ctx, `Invalid type: ${typeToString(t)}`);
      return;
    }
    for (const a of t.args) this.checkType(cls, a, ctx);
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
    if (ctx instanceof MethodCallContext && ctx.id()) this.checkLocalCall(cls, ctx);
    if (ctx instanceof DotExpressionContext) {
      this.checkStaticCall(cls, ctx, names);
      this.checkInstanceCall(cls, ctx);
    }
    if (ctx instanceof LocalVariableDeclarationContext || ctx instanceof FieldDeclarationContext) {
      const t = toTypeRef(ctx.typeRef());
      for (const d of ctx.variableDeclarators().variableDeclarator_list()) {
        const init = d.expression();
        if (init) this.checkAssignment(cls, t, init);
      }
    }
    if (ctx instanceof AssignExpressionContext && ctx.ASSIGN()) {
      const target = ctx.expression(0);
      if (target instanceof PrimaryExpressionContext && target.primary() instanceof IdPrimaryContext) {
        const t = this.localTypes.get((target.primary() as IdPrimaryContext).id().getText().toLowerCase());
        if (t) this.checkAssignment(cls, t, ctx.expression(1));
      }
    }
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
    const argc = ctx.classCreatorRest()?.arguments().expressionList()?.expression_list().length ?? 0;
    const c = r.cls;
    if (c.kind === 'interface') return this.report(cls, ctx, `Type cannot be constructed: ${c.name}`);
    if (c.isAbstract) return this.report(cls, ctx, `Abstract classes cannot be constructed: ${c.name}`);
    const ok = c.ctors.length ? c.ctors.some((m) => m.params.length === argc) : argc === 0;
    if (!ok && !(isExceptionClass(c) && argc <= 2)) {
      this.report(cls, ctx, `Constructor not defined: [${c.name}].<Constructor>(${argc} argument(s))`);
    }
  }

  private checkLocalCall(cls: ClassInfo, ctx: MethodCallContext): void {
    const name = ctx.id().getText();
    const argc = ctx.expressionList()?.expression_list().length ?? 0;
    for (let c: ClassInfo | null = cls; c; c = c.outer) {
      const ms = findMethods(c, name.toLowerCase()).filter((m) => m.params.length === argc);
      if (!ms.length) continue;
      // From a static method (or from an inner class, which has no outer instance) only statics are callable.
      if ((this.staticContext || c !== cls) && ms.every((m) => !m.isStatic)) {
        this.report(cls, ctx, `Non static method cannot be referenced from a static context: ${name}`);
      }
      return;
    }
    this.report(cls, ctx, `Method does not exist or incorrect signature: ${name}(${argc} argument(s))`);
  }

  /** The static type of a literal, a `new` expression or a typed local; null when not known offline. */
  private staticTypeOf(e: ExpressionContext): TypeRef | null {
    if (e instanceof PrimaryExpressionContext) {
      const p = e.primary();
      if (p instanceof LiteralPrimaryContext) {
        const l = p.literal();
        if (l.IntegerLiteral()) return typeRef('Integer');
        if (l.LongLiteral()) return typeRef('Long');
        if (l.NumberLiteral()) return typeRef(/[dD]$/.test(l.getText()) ? 'Double' : 'Decimal');
        if (l.StringLiteral()) return typeRef('String');
        if (l.BooleanLiteral()) return typeRef('Boolean');
        return null;
      }
      if (p instanceof IdPrimaryContext) return this.localTypes.get(p.id().getText().toLowerCase()) ?? null;
    }
    return null;
  }

  /** "Illegal assignment from X to Y" between primitive types. */
  private checkAssignment(cls: ClassInfo, target: TypeRef, value: ExpressionContext): void {
    const from = this.staticTypeOf(value);
    if (!from) return;
    const a = stripSystem(from.name).toLowerCase();
    const b = stripSystem(target.name).toLowerCase();
    if (!PRIMITIVE_ASSIGNABLE[a] || !PRIMITIVE_ASSIGNABLE[b]) return;
    if (!PRIMITIVE_ASSIGNABLE[a].includes(b)) {
      this.report(cls, value, `Illegal assignment from ${typeToString(from)} to ${typeToString(target)}`);
    }
  }

  /** `local.method(args)` where the local's declared type is a library primitive/collection or a user class. */
  private checkInstanceCall(cls: ClassInfo, ctx: DotExpressionContext): void {
    const mc = ctx.dotMethodCall();
    const target = ctx.expression();
    if (!mc || !(target instanceof PrimaryExpressionContext)) return;
    const p = target.primary();
    if (!(p instanceof IdPrimaryContext)) return;
    const t = this.localTypes.get(p.id().getText().toLowerCase());
    if (!t) return;
    const method = mc.anyId().getText();
    const argc = mc.expressionList()?.expression_list().length ?? 0;
    const kind = libraryKind(t);
    if (kind) {
      const e = instanceEntry(kind, method) ?? instanceEntry('Object', method);
      if (!e || !e.arity.includes(argc)) {
        this.report(
          cls,
          mc,
          `Method does not exist or incorrect signature: ${method}(${argc} argument(s)) from the type ${typeToString(t)}`
        );
      }
      return;
    }
    const userClass = this.it.findClass(t.name, cls);
    if (!userClass || userClass.builtin || userClass.kind === 'enum') return;
    const lower = method.toLowerCase();
    if (['tostring', 'equals', 'hashcode'].includes(lower)) return;
    if (isExceptionClass(userClass) && instanceEntry('Exception', method)) return;
    if (!findMethods(userClass, lower).some((m) => m.params.length === argc)) {
      this.report(
        cls,
        mc,
        `Method does not exist or incorrect signature: ${method}(${argc} argument(s)) from the type ${userClass.name}`
      );
    }
  }

  private checkStaticCall(cls: ClassInfo, ctx: DotExpressionContext, names: Set<string>): void {
    const mc = ctx.dotMethodCall();
    const target = ctx.expression();
    if (!mc || !(target instanceof PrimaryExpressionContext)) return;
    const p = target.primary();
    if (!(p instanceof IdPrimaryContext)) return;
    const qualifier = p.id().getText();
    if (names.has(qualifier.toLowerCase())) return;
    const method = mc.anyId().getText();
    const argc = mc.expressionList()?.expression_list().length ?? 0;
    const userClass = this.it.findClass(qualifier, cls);
    if (userClass && !userClass.builtin) {
      if (userClass.kind === 'enum' && ['values', 'valueof'].includes(method.toLowerCase())) return;
      const ms = findMethods(userClass, method.toLowerCase()).filter((m) => m.isStatic);
      if (!ms.some((m) => m.params.length === argc)) {
        this.report(
          cls,
          ctx,
          `Method does not exist or incorrect signature: ${userClass.name}.${method}(${argc} argument(s))`
        );
      }
      return;
    }
    if (isLibraryClass(qualifier)) {
      const e = staticEntry(qualifier, method);
      if (!e || !e.arity.includes(argc)) {
        this.report(
          cls,
          ctx,
          `Method does not exist or incorrect signature: ${stripSystem(qualifier)}.${method}(${argc} argument(s))`
        );
      }
      return;
    }
    if (builtinEnumName(qualifier) || isKnownPlatformName(qualifier) || this.it.isSObjectType(qualifier)) return;
    this.report(cls, ctx, `Variable does not exist: ${qualifier}`);
  }

  /** Checks every member of a class: field/param/return types and all bodies. */
  checkClass(cls: ClassInfo): void {
    for (const f of cls.fields.values()) {
      this.checkType(cls, f.type, { start: { line: f.line, column: f.column - 1 } } as ParserRuleContext);
      if (f.init) {
        this.checkBody(cls, f.init);
        this.checkAssignment(cls, f.type, f.init);
      }
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
          this.staticContext = m.isStatic;
          this.checkBody(
            cls,
            m.body,
            m.params.map((p) => p.name)
          );
          this.staticContext = false;
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
