/**
 * Access rules shared by the checkers (Apex Developer Guide, "Access Modifiers" and "TestVisible
 * Annotation": https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_access_modifiers.htm ,
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_annotation_testvisible.htm):
 * private members and inner types are visible inside their top-level class; protected ones also in
 * subclasses; `@TestVisible` ones also in test classes; public and global ones everywhere.
 */
import {
  ClassBodyDeclarationContext,
  TypeDeclarationContext,
  type ModifierContext,
  type ApexParserRuleContext as ParserRuleContext
} from '@apexdevtools/apex-parser';
import { isSubclassOf, type Access, type ClassInfo } from '../class-table.js';

export function outermost(c: ClassInfo): ClassInfo {
  let o = c;
  while (o.outer) o = o.outer;
  return o;
}

/** The modifiers written on a class declaration (top-level or inner); none for anonymous blocks. */
export function classModifiers(c: ClassInfo): readonly ModifierContext[] {
  for (let n: ParserRuleContext | null | undefined = c.decl?.parentCtx; n; n = n.parentCtx) {
    if (n instanceof TypeDeclarationContext || n instanceof ClassBodyDeclarationContext) return n.modifier_list();
  }
  return [];
}

function hasAnnotation(mods: readonly ModifierContext[], name: string): boolean {
  return mods.some((m) => m.annotation()?.id().getText().toLowerCase() === name);
}

/** Lower-cased annotation names (without `@`) written on a class declaration. */
export function classAnnotations(c: ClassInfo): Set<string> {
  const out = new Set<string>();
  for (const m of classModifiers(c)) {
    const a = m.annotation();
    if (a) out.add(a.id().getText().toLowerCase());
  }
  return out;
}

/** True when the top-level class `c` belongs to is annotated `@IsTest`. */
export function isTestClass(c: ClassInfo): boolean {
  return !c.builtin && hasAnnotation(classModifiers(outermost(c)), 'istest');
}

/** Declared access of an inner type (inner types without a modifier are private). */
export function typeAccess(c: ClassInfo): Access {
  if (!c.outer || c.builtin) return 'public';
  const mods = classModifiers(c);
  for (const a of ['global', 'public', 'protected'] as const)
    if (mods.some((m) => !m.annotation() && m.getText().toLowerCase() === a)) return a;
  return hasAnnotation(mods, 'testvisible') ? 'testvisible' : 'private';
}

/** True when code in `from` (or a class enclosing it) extends `owner`. */
function inSubclass(from: ClassInfo, owner: ClassInfo): boolean {
  for (let c: ClassInfo | null = from; c; c = c.outer) if (c !== owner && isSubclassOf(c, owner)) return true;
  return false;
}

/** Whether code in `from` may use a member or inner type with access `access` declared in `owner`. */
export function accessible(access: Access | undefined, owner: ClassInfo, from: ClassInfo): boolean {
  if (!access || access === 'public' || access === 'global') return true;
  if (outermost(owner) === outermost(from)) return true;
  if ((access === 'protected' || access === 'testvisible') && inSubclass(from, owner)) return true;
  return access === 'testvisible' && isTestClass(from);
}
