/**
 * Loading a trigger: its source is checked like an anonymous block (one scope, members declared in it),
 * with the trigger context variables typed for its object — `Trigger.new`/`old` as `List<Obj>`,
 * `newMap`/`oldMap` as `Map<Id,Obj>`, the `is…` flags as Boolean, `size` as Integer (Apex Developer
 * Guide, "Trigger Context Variables",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_triggers_context_variables.htm).
 * A trigger without problems becomes a TriggerDef the dispatcher (dispatch.ts) runs.
 * Wordings: the compiler's message catalogue (`invalid.trigger.return`, `invalid.trigger.before.undelete`).
 */
import {
  FieldDeclarationContext,
  type MemberDeclarationContext,
  type TriggerBlockContext,
  type StatementContext
} from '@apexdevtools/apex-parser';
import { BodyChecker } from '../checker.js';
import { newClassInfo, type ClassInfo } from '../class-table.js';
import type { CompileProblem } from '../errors.js';
import { parseApex } from '../front-end/index.js';
import type { Interpreter } from '../interpreter.js';
import { linkClasses } from '../linker.js';
import { addMember, modifiersOf } from '../loader.js';
import { TypeChecker } from '../sema/type-checker.js';

/** A trigger event: `before insert`, `after undelete`, … */
export type TriggerTiming = 'before' | 'after';
export type TriggerEvent = 'insert' | 'update' | 'delete' | 'undelete';

/** A compiled trigger: its object, events and the body the dispatcher runs like an anonymous block. */
export interface TriggerDef {
  readonly name: string;
  /** The object's API name as the org spells it. */
  readonly object: string;
  readonly events: ReadonlySet<`${TriggerTiming} ${TriggerEvent}`>;
  /** Status Active in the trigger's -meta.xml (an inactive trigger compiles but never fires). */
  readonly active: boolean;
  /** The synthetic class holding the body's own methods and inner classes (file: the trigger name). */
  readonly body: ClassInfo;
  readonly statements: readonly (StatementContext | FieldDeclarationContext)[];
  /** The trigger's block (its executable lines are measured for coverage). */
  readonly block: TriggerBlockContext;
}

/** Loads one trigger source against the classes `it` knows: its problems, or its definition. */
export function loadTrigger(
  it: Interpreter,
  source: string,
  file: string,
  active = true
): { problems: CompileProblem[]; def: TriggerDef | null } {
  const { tree: unit, problems: syntax } = parseApex(source, 'trigger');
  if (syntax.length) return { problems: syntax.map((p) => ({ file, ...p })), def: null };
  const problems: CompileProblem[] = [];
  const events = new Set<`${TriggerTiming} ${TriggerEvent}`>();
  for (const c of unit.triggerCase_list()) {
    if (c.BEFORE() && c.UNDELETE())
      problems.push({
        file,
        line: c.start.line,
        column: c.start.column + 1,
        message: 'Trigger Usage Before Undelete is not supported'
      });
    const timing: TriggerTiming = c.BEFORE() ? 'before' : 'after';
    const event: TriggerEvent = c.INSERT() ? 'insert' : c.UPDATE() ? 'update' : c.DELETE() ? 'delete' : 'undelete';
    events.add(`${timing} ${event}`);
  }
  const body = newClassInfo({ name: file, kind: 'class', file });
  const inner: ClassInfo[] = [];
  const register = (c: ClassInfo): void => {
    inner.push(c);
    c.outer?.inner.set(c.name.slice(c.name.lastIndexOf('.') + 1).toLowerCase(), c);
  };
  // As in anonymous Apex, top-level declarations parse as fields but behave as locals, in source order.
  const statements: (StatementContext | FieldDeclarationContext)[] = [];
  for (const m of unit.triggerBlock().triggerBlockMember_list()) {
    const decl = m.triggerMemberDeclaration();
    const field = decl?.fieldDeclaration();
    if (field) statements.push(field);
    // A trigger member declaration has the shape of a class member declaration (no constructors).
    else if (decl)
      addMember(body, decl as unknown as MemberDeclarationContext, modifiersOf(m.modifier_list()), register, true);
    else statements.push(m.statement());
  }
  problems.push(...linkClasses(it, [body, ...inner]));
  const checker = new BodyChecker(it);
  const types = new TypeChecker(it);
  for (const c of [body, ...inner]) {
    checker.checkClass(c);
    types.checkClass(c);
  }
  checker.checkBodies(body, statements);
  const objectName = unit.id(1)?.getText() ?? '';
  const object = it.isSObjectType(objectName);
  types.checkTrigger(body, statements, object);
  problems.push(...checker.problems, ...types.problems);
  if (problems.length || !object) return { problems, def: null };
  return { problems, def: { name: file, object, events, active, body, statements, block: unit.triggerBlock() } };
}

/** The problems of one trigger source, checked against the classes `it` knows. */
export function checkTrigger(it: Interpreter, source: string, file: string): CompileProblem[] {
  return loadTrigger(it, source, file).problems;
}
