/**
 * Builds ClassInfo entries (the class table) from the front end's parse trees (`front-end/`).
 * Syntax errors are reported as compile problems.
 */
import {
  type AnonymousUnitContext,
  ClassBodyDeclarationContext,
  ClassDeclarationContext,
  EnumDeclarationContext,
  FormalParametersContext,
  InterfaceDeclarationContext,
  ModifierContext,
  TypeRefContext,
  type AnonymousMemberDeclarationContext,
  type MemberDeclarationContext,
  type ApexParserRuleContext as ParserRuleContext
} from '@apexdevtools/apex-parser';
import {
  newClassInfo,
  type Access,
  type ClassInfo,
  type MethodInfo,
  type ParamInfo,
  type PropertyAccessors
} from './class-table.js';
import { ApexCompileError } from './errors.js';
import { parseApex, type ApexUnitKind, type ParsedApex } from './front-end/index.js';
import { typeRef, type TypeRef } from './values.js';

function parsed<K extends 'class' | 'anonymous'>(source: string, file: string, kind: K): ParsedApex<K>['tree'] {
  const { tree, problems } = parseApex(source, kind as K & ApexUnitKind);
  if (problems.length) throw new ApexCompileError(problems.map((p) => ({ file, ...p })));
  return tree;
}

/** Converts a parse-tree type reference to a TypeRef. `T[]` becomes `List<T>`. */
export function toTypeRef(ctx: TypeRefContext): TypeRef {
  const parts = ctx.typeName_list();
  let args: TypeRef[] = [];
  const names: string[] = [];
  for (const tn of parts) {
    if (tn.LIST()) names.push('List');
    else if (tn.SET()) names.push('Set');
    else if (tn.MAP()) names.push('Map');
    else names.push(tn.id().getText());
    const ta = tn.typeArguments();
    if (ta) args = ta.typeList().typeRef_list().map(toTypeRef);
  }
  let t = typeRef(names.join('.'), args);
  const subs = ctx.arraySubscripts()?.LBRACK_list().length ?? 0;
  for (let i = 0; i < subs; i++) t = typeRef('List', [t]);
  return t;
}

/**
 * Modifiers, lower-cased: keywords as written, annotations as `@name`, and each `key=value` parameter of an
 * annotation as `@name:key=value` (e.g. `@auraenabled:cacheable=true`), so that `has('@auraenabled')` still holds.
 */
export function modifiersOf(mods: readonly ModifierContext[]): Set<string> {
  const out = new Set<string>();
  for (const m of mods) {
    const a = m.annotation();
    if (!a) {
      out.add(m.getText().toLowerCase());
      continue;
    }
    const name = a.id().getText().toLowerCase();
    out.add('@' + name);
    const args = /\((.*)\)$/s.exec(a.getText())?.[1] ?? '';
    for (const pair of args.split(/[,\s]+(?=\w+\s*=)/)) {
      const kv = /^\s*(\w+)\s*=\s*(.+?)\s*$/s.exec(pair);
      if (kv) out.add(`@${name}:${kv[1].toLowerCase()}=${kv[2].toLowerCase()}`);
    }
  }
  return out;
}

/**
 * Declared access of a member: public and global as written; a private or protected member marked
 * `@TestVisible` is `testvisible` (also visible to test classes); else the modifier, else private.
 */
function accessOf(mods: Set<string>): Access {
  for (const a of ['global', 'public'] as const) if (mods.has(a)) return a;
  if (mods.has('@testvisible')) return 'testvisible';
  return mods.has('protected') ? 'protected' : 'private';
}

function annotationsOf(mods: Set<string>): Set<string> {
  return new Set([...mods].filter((x) => x.startsWith('@')).map((x) => x.slice(1)));
}

function paramsOf(ctx: FormalParametersContext): ParamInfo[] {
  const list = ctx.formalParameterList();
  if (!list) return [];
  return list.formalParameter_list().map((p) => ({ name: p.id().getText(), type: toTypeRef(p.typeRef()) }));
}

function pos(ctx: ParserRuleContext): { line: number; column: number } {
  return { line: ctx.start.line, column: ctx.start.column + 1 };
}

/** Adds a member declaration to `cls`. Shared by class bodies and anonymous blocks. */
export function addMember(
  cls: ClassInfo,
  member: MemberDeclarationContext | AnonymousMemberDeclarationContext,
  mods: Set<string>,
  register: (c: ClassInfo) => void,
  forceStatic = false
): void {
  const isStatic = forceStatic || mods.has('static');
  const file = cls.file;
  const m = member.methodDeclaration();
  if (m) {
    const info: MethodInfo = {
      annotations: annotationsOf(mods),
      name: m.id().getText(),
      params: paramsOf(m.formalParameters()),
      returnType: m.typeRef() ? toTypeRef(m.typeRef()) : null,
      isStatic,
      isAbstract: mods.has('abstract'),
      isVirtual: mods.has('virtual'),
      isOverride: mods.has('override'),
      isConstructor: false,
      body: m.block() ?? null,
      owner: cls,
      access: accessOf(mods),
      ...pos(m)
    };
    const key = info.name.toLowerCase();
    cls.methods.set(key, [...(cls.methods.get(key) ?? []), info]);
    return;
  }
  const c = 'constructorDeclaration' in member ? member.constructorDeclaration() : null;
  if (c) {
    cls.ctors.push({
      name: c.qualifiedName().getText(),
      params: paramsOf(c.formalParameters()),
      returnType: null,
      isStatic: false,
      isAbstract: false,
      isVirtual: false,
      isOverride: false,
      isConstructor: true,
      body: c.block(),
      owner: cls,
      ...pos(c)
    });
    return;
  }
  const f = member.fieldDeclaration();
  if (f) {
    const type = toTypeRef(f.typeRef());
    for (const d of f.variableDeclarators().variableDeclarator_list()) {
      const field = {
        name: d.id().getText(),
        type,
        isStatic,
        isFinal: mods.has('final'),
        init: d.expression() ?? null,
        property: null,
        annotations: annotationsOf(mods),
        owner: cls,
        access: accessOf(mods),
        ...pos(d)
      };
      addField(cls, field);
    }
    return;
  }
  const p = member.propertyDeclaration();
  if (p) {
    let accessors: PropertyAccessors = {};
    for (const b of p.propertyBlock_list()) {
      const g = b.getter();
      const s = b.setter();
      if (g) accessors = { ...accessors, getter: g.block() ? g : 'auto' };
      if (s) accessors = { ...accessors, setter: s.block() ? s : 'auto' };
    }
    addField(cls, {
      name: p.id().getText(),
      type: toTypeRef(p.typeRef()),
      isStatic,
      isFinal: mods.has('final'),
      init: null,
      property: accessors,
      annotations: annotationsOf(mods),
      owner: cls,
      access: accessOf(mods),
      ...pos(p)
    });
    return;
  }
  const inner = member.classDeclaration() ?? member.interfaceDeclaration() ?? member.enumDeclaration();
  if (inner) register(buildType(inner, mods, file, cls, register));
}

/** Duplicate members are recorded on the class for the checker: a second field with the same name. */
export const duplicateFields = new WeakMap<ClassInfo, { name: string; line: number; column: number }[]>();

function addField(cls: ClassInfo, field: Parameters<ClassInfo['fields']['set']>[1]): void {
  const key = field.name.toLowerCase();
  if (cls.fields.has(key)) {
    const list = duplicateFields.get(cls) ?? [];
    list.push({ name: field.name, line: field.line, column: field.column });
    duplicateFields.set(cls, list);
    return;
  }
  cls.fields.set(key, field);
  (field.isStatic ? cls.staticInits : cls.instanceInits).push({ kind: 'field', field });
}

function buildType(
  decl: ClassDeclarationContext | InterfaceDeclarationContext | EnumDeclarationContext,
  mods: Set<string>,
  file: string,
  outer: ClassInfo | null,
  register: (c: ClassInfo) => void
): ClassInfo {
  const simple = decl.id().getText();
  const name = outer ? `${outer.name}.${simple}` : simple;
  if (decl instanceof EnumDeclarationContext) {
    const cls = newClassInfo({ name, kind: 'enum', file, outer, decl, ...pos(decl) });
    cls.enumValues.push(
      ...(decl
        .enumConstants()
        ?.id_list()
        .map((i) => i.getText()) ?? [])
    );
    return cls;
  }
  if (decl instanceof InterfaceDeclarationContext) {
    const ext = decl.typeList()?.typeRef_list().map(toTypeRef) ?? [];
    const cls = newClassInfo({ name, kind: 'interface', file, outer, interfaceRefs: ext, decl, ...pos(decl) });
    for (const m of decl.interfaceBody().interfaceMethodDeclaration_list()) {
      const info: MethodInfo = {
        name: m.id().getText(),
        params: paramsOf(m.formalParameters()),
        returnType: m.typeRef() ? toTypeRef(m.typeRef()) : null,
        isStatic: false,
        isAbstract: true,
        isVirtual: false,
        isOverride: false,
        isConstructor: false,
        body: null,
        owner: cls,
        ...pos(m)
      };
      const key = info.name.toLowerCase();
      cls.methods.set(key, [...(cls.methods.get(key) ?? []), info]);
    }
    return cls;
  }
  const cls = newClassInfo({
    name,
    kind: 'class',
    file,
    outer,
    superRef: decl.typeRef() ? toTypeRef(decl.typeRef()) : null,
    interfaceRefs: decl.typeList()?.typeRef_list().map(toTypeRef) ?? [],
    isAbstract: mods.has('abstract'),
    isVirtual: mods.has('virtual'),
    decl,
    ...pos(decl)
  });
  for (const body of decl.classBody().classBodyDeclaration_list()) addBodyDeclaration(cls, body, register);
  return cls;
}

function addBodyDeclaration(cls: ClassInfo, body: ClassBodyDeclarationContext, register: (c: ClassInfo) => void): void {
  const member = body.memberDeclaration();
  if (member) {
    addMember(cls, member, modifiersOf(body.modifier_list()), register);
    return;
  }
  const block = body.block();
  if (block) (body.STATIC() ? cls.staticInits : cls.instanceInits).push({ kind: 'block', block });
}

/** Parses one class file. Returns the top-level type and every inner type (the caller registers them). */
export function loadClassSource(source: string, file: string): ClassInfo[] {
  const unit = parsed(source, file, 'class');
  const td = unit.typeDeclaration();
  const decl = td.classDeclaration() ?? td.interfaceDeclaration() ?? td.enumDeclaration();
  const out: ClassInfo[] = [];
  const register = (c: ClassInfo): void => {
    out.push(c);
    c.outer?.inner.set(c.name.slice(c.name.lastIndexOf('.') + 1).toLowerCase(), c);
  };
  register(buildType(decl, modifiersOf(td.modifier_list()), file, null, register));
  return out;
}

/** Parses an anonymous block (execute anonymous). */
export function parseAnonymous(source: string, file = 'AnonymousBlock'): AnonymousUnitContext {
  return parsed(source, file, 'anonymous');
}
