/**
 * Finding Apex tests: `@IsTest` top-level classes, their `@IsTest` / `testMethod` methods and the
 * `@TestSetup` method, and `SeeAllData` on the class or a method ("IsTest Annotation",
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_classes_annotation_isTest.htm).
 */
import {
  ClassBodyDeclarationContext,
  TypeDeclarationContext,
  type ModifierContext,
  type ApexParserRuleContext as ParserRuleContext
} from '@apexdevtools/apex-parser';
import type { ClassInfo, MethodInfo } from '../class-table.js';

export interface TestMethod {
  readonly method: MethodInfo;
  readonly seeAllData: boolean;
}

export interface TestClass {
  readonly cls: ClassInfo;
  readonly seeAllData: boolean;
  readonly setup: MethodInfo | null;
  /** In source order. */
  readonly methods: readonly TestMethod[];
}

interface Mods {
  readonly isTest: boolean;
  readonly testMethod: boolean;
  readonly testSetup: boolean;
  readonly seeAllData: boolean;
}

function readModifiers(mods: readonly ModifierContext[]): Mods {
  let isTest = false;
  let testMethod = false;
  let testSetup = false;
  let seeAllData = false;
  for (const m of mods) {
    const a = m.annotation();
    const text = m.getText().toLowerCase().replace(/\s+/g, '');
    if (!a) {
      if (text === 'testmethod') testMethod = true;
      continue;
    }
    const name = a.id().getText().toLowerCase();
    if (name === 'istest') {
      isTest = true;
      if (/seealldata=true/.test(text)) seeAllData = true;
    } else if (name === 'testsetup') testSetup = true;
  }
  return { isTest, testMethod, testSetup, seeAllData };
}

function enclosing<T>(node: ParserRuleContext | null | undefined, type: abstract new (...a: never[]) => T): T | null {
  for (let n: unknown = node; n; n = (n as ParserRuleContext).parentCtx) if (n instanceof type) return n;
  return null;
}

function classModifiers(cls: ClassInfo): Mods {
  const td = enclosing(cls.decl, TypeDeclarationContext);
  return readModifiers(td?.modifier_list() ?? []);
}

function methodModifiers(m: MethodInfo): Mods {
  const decl = enclosing(m.body, ClassBodyDeclarationContext);
  return readModifiers(decl?.modifier_list() ?? []);
}

/** The test class a top-level class is, or null when it is not annotated `@IsTest`. */
export function asTestClass(cls: ClassInfo): TestClass | null {
  if (cls.outer || cls.kind !== 'class') return null;
  const mods = classModifiers(cls);
  if (!mods.isTest) return null;
  let setup: MethodInfo | null = null;
  const methods: TestMethod[] = [];
  for (const overloads of cls.methods.values()) {
    for (const m of overloads) {
      const mm = methodModifiers(m);
      if (mm.testSetup) setup = m;
      else if (mm.isTest || mm.testMethod) methods.push({ method: m, seeAllData: mods.seeAllData || mm.seeAllData });
    }
  }
  methods.sort((a, b) => a.method.line - b.method.line);
  return { cls, seeAllData: mods.seeAllData, setup, methods };
}

/** Whether a top-level class is a test class (not measured for coverage). */
export function isTestClass(cls: ClassInfo): boolean {
  return !cls.outer && classModifiers(cls).isTest;
}
