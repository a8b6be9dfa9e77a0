/**
 * Deploy phase "parse and plan": the zip's files grouped into components (source-deploy-retrieve's
 * resolver names every registry type), each component checked on its own (Apex syntax with line and
 * column, its metadata XML well formed), and the order they are registered in.
 */
import { parseApex } from '../apex/front-end/index.js';
import { resolveComponents } from './components.js';
import type { DeployMessages } from './deploy-messages.js';
import type { Component } from './register.js';
import { XmlSyntaxError, parseXml } from './xml.js';

export interface DeployPlan {
  /** `Type:FullName` → component. */
  components: Map<string, Component>;
  /** The parsed metadata XML of each component that passed its checks. */
  parsed: Map<Component, Record<string, unknown>>;
}

const FIRST = ['CustomObject', 'PermissionSet'];
// A subscriber config names its trigger: after the triggers.
const LAST = ['CustomMetadata', 'PlatformEventSubscriberConfig'];

/** Registration order: objects and permission sets first, custom metadata records and subscriber configs last. */
export function registrationOrder(components: Iterable<Component>): Component[] {
  const rank = (type: string): number => {
    const i = FIRST.indexOf(type);
    if (i >= 0) return i;
    return LAST.includes(type) ? 100 : 50;
  };
  return [...components].sort((a, b) => rank(a.type) - rank(b.type));
}

/** Groups the files into components and checks each; problems go to `messages`. */
export function planDeploy(files: Map<string, string>, raw: Map<string, Buffer>, messages: DeployMessages): DeployPlan {
  const componentFiles = new Map<string, Buffer>();
  for (const [path, data] of raw) {
    if (path === 'package.xml') continue;
    if (/^destructiveChanges(Pre|Post)?\.xml$/.test(path)) {
      messages.fail(
        { componentType: '', fullName: path, fileName: path },
        'destructive changes are not supported by the local org'
      );
      continue;
    }
    componentFiles.set(path, data);
  }
  const resolved = resolveComponents(componentFiles);
  for (const u of resolved.unresolved)
    messages.fail({ componentType: '', fullName: u.path, fileName: u.path }, u.problem);
  const components = new Map<string, Component>();
  for (const r of resolved.components) {
    const content = r.paths.filter((p) => p !== r.xmlPath);
    const ordered = [...content, ...(r.xmlPath ? [r.xmlPath] : [])];
    components.set(`${r.type}:${r.fullName}`, {
      type: r.type,
      fullName: r.fullName,
      xmlPath: r.xmlPath,
      files: ordered.map((path) => ({ path, data: files.get(path) ?? '', raw: raw.get(path) ?? Buffer.alloc(0) }))
    });
  }
  const parsed = new Map<Component, Record<string, unknown>>();
  for (const c of components.values()) {
    const content = checkComponent(c, messages);
    if (content) parsed.set(c, content);
  }
  return { components, parsed };
}

/** One component's checks: its parsed metadata XML, or undefined when a file has a problem. */
function checkComponent(c: Component, messages: DeployMessages): Record<string, unknown> | undefined {
  let ok = true;
  let content: Record<string, unknown> = {};
  for (const f of c.files) {
    const where = { componentType: c.type, fullName: c.fullName, fileName: f.path };
    if (f.path.endsWith('.cls') || f.path.endsWith('.trigger')) {
      for (const p of parseApex(f.data, f.path.endsWith('.trigger') ? 'trigger' : 'class').problems) {
        ok = false;
        messages.fail(where, p.message, { line: p.line, column: p.column });
      }
    } else if (f.path === c.xmlPath) {
      // Only the component's metadata XML is read as XML; content files (Visualforce, email templates,
      // static resources, DataWeave scripts…) are stored as they are.
      try {
        const doc = parseXml(f.data);
        const rootName = Object.keys(doc).find((k) => k !== '?xml');
        const root = (doc[rootName ?? ''] as Record<string, unknown>) ?? {};
        if (c.files.length > 1) content = { ...content, __meta: root };
        else content = { ...content, ...(typeof root === 'object' ? root : {}) };
      } catch (e) {
        if (!(e instanceof XmlSyntaxError)) throw e;
        ok = false;
        messages.fail(where, `Error parsing file: ${e.message}`, { line: e.line, column: e.column });
      }
    }
  }
  return ok ? content : undefined;
}
