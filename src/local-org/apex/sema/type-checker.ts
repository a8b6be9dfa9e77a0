/**
 * The statement half of the checker: block scopes (locals get their declared static type), duplicate
 * variables, conditions, loops, `break`/`continue` placement, unreachable statements, returns, throw and
 * catch types, DML operand types, expression statements and `final` fields. Expressions are typed by
 * ExpressionTyper. Wordings: the compiler's message catalogue (see expression-typer.ts).
 */
import {
  AssignExpressionContext,
  DotExpressionContext,
  IdPrimaryContext,
  MethodCallExpressionContext,
  NewExpressionContext,
  PostOpExpressionContext,
  PreOpExpressionContext,
  PrimaryExpressionContext,
  SubExpressionContext,
  ThisPrimaryContext,
  type BlockContext,
  type ExpressionContext,
  type FieldDeclarationContext,
  type LocalVariableDeclarationContext,
  type StatementContext,
  type ApexParserRuleContext as ParserRuleContext
} from '@apexdevtools/apex-parser';
import type { ClassInfo, FieldInfo, MethodInfo } from '../class-table.js';
import { toTypeRef } from '../loader.js';
import { typeRef, type TypeRef } from '../values.js';
import { annotationProblems } from './annotation-check.js';
import { declarationProblems } from './declaration-rules.js';
import { ExpressionTyper } from './expression-typer.js';
import { switchProblems } from './switch-check.js';
import { assignable, display, elementOf, isException, isPrim, type Typed } from './static-types.js';

/** What a `return` in the body being checked must return. */
type ReturnRule =
  { kind: 'value'; type: Typed } | { kind: 'void' } | { kind: 'constructor' } | { kind: 'trigger' } | { kind: 'none' };

export class TypeChecker extends ExpressionTyper {
  private loops = 0;
  private returns: ReturnRule = { kind: 'none' };
  /** True in constructors and initialisers, where final fields may be assigned. */
  private initialising = false;

  /** Checks every body of a class: methods, constructors, field initialisers, accessors, init blocks. */
  checkClass(cls: ClassInfo): void {
    this.cls = cls;
    const knownNonPrimitive = (t: TypeRef): boolean => {
      const st = this.typeOfRef(t, cls);
      return !!st && st.k !== 'enum' && !(st.k === 'class' && st.cls.kind === 'enum');
    };
    for (const p of [...annotationProblems(cls, knownNonPrimitive), ...declarationProblems(cls)])
      this.reportAt(p, p.message);
    for (const f of cls.fields.values()) this.checkField(f);
    for (const overloads of cls.methods.values()) for (const m of overloads) this.checkMethod(m);
    for (const m of cls.ctors) this.checkMethod(m);
    for (const init of [...cls.staticInits, ...cls.instanceInits]) {
      if (init.kind !== 'block') continue;
      this.enter(cls.staticInits.includes(init), { kind: 'none' }, true);
      this.block(init.block);
    }
  }

  /** Checks the top level of an anonymous block: one scope, statements and top-level declarations in order. */
  checkAnonymous(
    anon: ClassInfo,
    statements: readonly (StatementContext | FieldDeclarationContext)[],
    returns: ReturnRule = { kind: 'none' }
  ): void {
    this.cls = anon;
    this.enter(true, returns, false);
    let abrupt = false;
    for (const s of statements) {
      if (abrupt) {
        this.report(s, 'Unreachable statement');
        abrupt = false;
      }
      if ('statement' in s || 'block' in s) abrupt = this.statement(s as StatementContext);
      else this.declare(s as FieldDeclarationContext);
    }
  }

  /**
   * Checks a trigger body like an anonymous block, with `Trigger.*` typed for `sobject` (its canonical
   * name, or null when the object is not known offline: the context variables stay untyped).
   */
  checkTrigger(
    body: ClassInfo,
    statements: readonly (StatementContext | FieldDeclarationContext)[],
    sobject: string | null
  ): void {
    this.triggerObject = sobject;
    try {
      this.checkAnonymous(body, statements, { kind: 'trigger' });
    } finally {
      this.triggerObject = null;
    }
  }

  private enter(
    isStatic: boolean,
    returns: ReturnRule,
    initialising: boolean,
    params: MethodInfo['params'] = []
  ): void {
    this.isStatic = isStatic;
    this.returns = returns;
    this.initialising = initialising;
    this.loops = 0;
    this.scopes = [new Map(params.map((p) => [p.name.toLowerCase(), { type: this.typeOfRef(p.type, this.cls) }]))];
  }

  private checkField(f: FieldInfo): void {
    const type = this.typeOfRef(f.type, f.owner);
    if (f.init) {
      this.enter(f.isStatic, { kind: 'none' }, true);
      const t = this.typeOf(f.init);
      if (!assignable(t, type)) this.reportAt(f, `Illegal assignment from ${display(t)} to ${display(type)}`);
    }
    const acc = f.property;
    if (acc?.getter && acc.getter !== 'auto') {
      this.enter(f.isStatic, { kind: 'value', type }, false);
      this.block(acc.getter.block());
    }
    if (acc?.setter && acc.setter !== 'auto') {
      this.enter(f.isStatic, { kind: 'void' }, false, [{ name: 'value', type: f.type }]);
      this.block(acc.setter.block());
    }
  }

  private reportAt(at: { line: number; column: number }, message: string): void {
    this.report({ start: { line: at.line, column: at.column - 1 } }, message);
  }

  private checkMethod(m: MethodInfo): void {
    if (!m.body) return;
    const returns: ReturnRule = m.isConstructor
      ? { kind: 'constructor' }
      : m.returnType
        ? { kind: 'value', type: this.typeOfRef(m.returnType, m.owner) }
        : { kind: 'void' };
    this.enter(m.isStatic, returns, m.isConstructor, m.params);
    this.block(m.body);
  }

  private block(b: BlockContext): void {
    this.scopes.push(new Map());
    let abrupt = false;
    for (const s of b.statement_list()) {
      if (abrupt) {
        this.report(s, 'Unreachable statement');
        abrupt = false;
      }
      abrupt = this.statement(s);
    }
    this.scopes.pop();
  }

  /** A statement in its own scope (the body of an if or a loop). */
  private nested(s: StatementContext): void {
    this.scopes.push(new Map());
    this.statement(s);
    this.scopes.pop();
  }

  private declareName(id: ParserRuleContext, type: Typed): void {
    const lower = id.getText().toLowerCase();
    // Apex, like Java, does not let a local shadow another local or a parameter of the same body.
    if (this.lookupLocal(lower)) this.report(id, `Duplicate variable: ${id.getText()}`);
    this.scopes[this.scopes.length - 1].set(lower, { type });
  }

  private declare(d: LocalVariableDeclarationContext | FieldDeclarationContext): void {
    const type = this.typeOfRef(toTypeRef(d.typeRef()), this.cls);
    for (const v of d.variableDeclarators().variableDeclarator_list()) {
      const init = v.expression();
      if (init) {
        const t = this.typeOf(init);
        if (!assignable(t, type)) this.report(v.id(), `Illegal assignment from ${display(t)} to ${display(type)}`);
      }
      this.declareName(v.id(), type);
    }
  }

  private condition(e: ExpressionContext): void {
    const t = this.typeOf(e);
    if (t && t.k !== 'null' && !isPrim(t, 'Boolean') && !isPrim(t, 'Object'))
      this.report(e, `Condition expression must be of type Boolean: ${display(t)}`);
  }

  /** Checks one statement; returns true when it always completes abruptly (return, throw, break, continue). */
  private statement(s: StatementContext): boolean {
    const block = s.block();
    if (block) {
      this.block(block);
      return false;
    }
    const local = s.localVariableDeclarationStatement();
    if (local) {
      this.declare(local.localVariableDeclaration());
      return false;
    }
    const expr = s.expressionStatement();
    if (expr) {
      this.expressionStatement(expr.expression());
      return false;
    }
    const ifs = s.ifStatement();
    if (ifs) {
      this.condition(ifs.parExpression().expression());
      for (const branch of ifs.statement_list()) this.nested(branch);
      return false;
    }
    const fors = s.forStatement();
    if (fors) {
      this.scopes.push(new Map());
      const control = fors.forControl();
      const each = control.enhancedForControl();
      if (each) {
        const source = this.typeOf(each.expression());
        const declared = this.typeOfRef(toTypeRef(each.typeRef()), this.cls);
        if (source && (source.k === 'prim' || (source.k === 'coll' && source.name === 'Map')))
          this.report(each.expression(), `Loop must iterate over collection: ${display(source)}`);
        const elem = elementOf(source);
        if (elem && declared && !assignable(elem, declared))
          this.report(each.typeRef(), `Invalid loop variable type expected ${display(elem)} was ${display(declared)}`);
        this.declareName(each.id(), declared);
      } else {
        const init = control.forInit();
        const decl = init?.localVariableDeclaration();
        if (decl) this.declare(decl);
        for (const e of init?.expressionList()?.expression_list() ?? []) this.typeOf(e);
        if (control.expression()) this.condition(control.expression());
        for (const e of control.forUpdate()?.expressionList().expression_list() ?? []) this.typeOf(e);
      }
      this.loop(fors.statement());
      this.scopes.pop();
      return false;
    }
    const whiles = s.whileStatement();
    if (whiles) {
      this.condition(whiles.parExpression().expression());
      this.loop(whiles.statement());
      return false;
    }
    const dos = s.doWhileStatement();
    if (dos) {
      this.loops++;
      this.block(dos.block());
      this.loops--;
      this.condition(dos.parExpression().expression());
      return false;
    }
    const tries = s.tryStatement();
    if (tries) {
      this.tryStatement(tries);
      return false;
    }
    const ret = s.returnStatement();
    if (ret) {
      this.returnStatement(ret.expression(), s);
      return true;
    }
    const thr = s.throwStatement();
    if (thr) {
      const t = this.typeOf(thr.expression());
      if (isException(t) === false)
        this.report(thr.expression(), `Throw expression must be of type exception: ${display(t)}`);
      return true;
    }
    if (s.breakStatement()) {
      if (!this.loops) this.report(s, 'Break statement must be in loop');
      return true;
    }
    if (s.continueStatement()) {
      if (!this.loops) this.report(s, 'Continue statement must be in loop');
      return true;
    }
    const dml =
      s.insertStatement() ?? s.updateStatement() ?? s.deleteStatement() ?? s.undeleteStatement() ?? s.upsertStatement();
    if (dml) {
      const t = this.typeOf(dml.expression());
      const sobj = (x: Typed): boolean => !x || x.k === 'sobject' || isPrim(x, 'SObject') || x.k === 'null';
      const ok = !t || sobj(t) || (t.k === 'coll' && t.name === 'List' && sobj(t.args[0] ?? null));
      if (!ok) this.report(dml.expression(), `DML requires SObject or SObject list type: ${display(t)}`);
      return false;
    }
    const sw = s.switchStatement();
    if (sw) {
      const on = this.typeOf(sw.expression());
      for (const p of switchProblems(sw.expression(), on, sw.whenControl_list())) this.report(p.at, p.message);
      for (const w of sw.whenControl_list()) {
        this.scopes.push(new Map());
        const value = w.whenValue();
        // `when Account a` declares a typed variable for the block
        const typed = value.typeRef();
        if (typed && value.id()) this.declareName(value.id(), this.typeOfRef(toTypeRef(typed), this.cls));
        this.block(w.block());
        this.scopes.pop();
      }
      return false;
    }
    const runAs = s.runAsStatement();
    if (runAs) {
      for (const e of runAs.expressionList()?.expression_list() ?? []) this.typeOf(e);
      const body = runAs.block();
      if (body) this.block(body);
      return false;
    }
    this.walkChildren(s);
    return false;
  }

  private loop(body: StatementContext): void {
    this.loops++;
    this.nested(body);
    this.loops--;
  }

  private tryStatement(t: NonNullable<ReturnType<StatementContext['tryStatement']>>): void {
    this.block(t.block());
    const caught = new Set<string>();
    for (const c of t.catchClause_list()) {
      const name = c.qualifiedName().getText();
      const type = this.typeOfRef(typeRef(name), this.cls);
      if (isException(type) === false)
        this.report(c.qualifiedName(), `Catch block variable must be of type exception: ${display(type)}`);
      const key = type ? display(type).toLowerCase() : name.toLowerCase();
      if (caught.has(key))
        this.report(c.qualifiedName(), `Exception type already caught: ${type ? display(type) : name}`);
      caught.add(key);
      this.scopes.push(new Map());
      this.declareName(c.id(), type);
      this.block(c.block());
      this.scopes.pop();
    }
    const fin = t.finallyBlock();
    if (fin) this.block(fin.block());
  }

  private returnStatement(e: ExpressionContext | null, at: StatementContext): void {
    const t = e ? this.typeOf(e) : null;
    const rule = this.returns;
    if (!e) return;
    if (rule.kind === 'void') this.report(at, 'Void method must not return a value');
    else if (rule.kind === 'constructor') this.report(at, 'Constructors must not return a value');
    else if (rule.kind === 'trigger') this.report(at, 'Trigger bodies must not return a value');
    // The catalogue's illegal.conversion wording; that an org uses it for `return` is unverified
    // (docs/platform-facts.md, "Apex compiler").
    else if (rule.kind === 'value' && !assignable(t, rule.type))
      this.report(e, `Illegal conversion from ${display(t)} to ${display(rule.type)}`);
  }

  /** Only assignments, calls, `new`, and increments/decrements are statements. */
  private expressionStatement(e: ExpressionContext): void {
    this.typeOf(e);
    let x: ExpressionContext = e;
    while (x instanceof SubExpressionContext) x = x.expression();
    const ok =
      x instanceof AssignExpressionContext ||
      x instanceof MethodCallExpressionContext ||
      x instanceof NewExpressionContext ||
      x instanceof PreOpExpressionContext ||
      x instanceof PostOpExpressionContext ||
      (x instanceof DotExpressionContext && !!x.dotMethodCall());
    if (!ok) this.report(e, 'Expression cannot be a statement.');
  }

  /** A final field may only be assigned in its declaration, an initialiser or a constructor. */
  protected override onAssign(target: ExpressionContext, at: ParserRuleContext): void {
    if (this.initialising) return;
    let name: string | null = null;
    if (target instanceof PrimaryExpressionContext && target.primary() instanceof IdPrimaryContext) {
      name = target.primary().getText();
      if (this.lookupLocal(name.toLowerCase())) return;
    } else if (
      target instanceof DotExpressionContext &&
      !target.dotMethodCall() &&
      target.expression() instanceof PrimaryExpressionContext &&
      (target.expression() as PrimaryExpressionContext).primary() instanceof ThisPrimaryContext
    ) {
      name = target.anyId().getText();
    }
    if (!name) return;
    const hit = this.lookupField(name.toLowerCase());
    if (hit?.field.isFinal && !hit.field.property)
      this.report(
        at,
        `Final members can only be assigned in their declaration, init blocks, or constructors: ${hit.field.name}`
      );
  }
}
