/**
 * Groups the files of a Metadata API (mdapi-format) deploy zip into components — type and full name —
 * with @salesforce/source-deploy-retrieve's own resolver, so every type of its registry is named the way
 * the CLI names it (bundles, folders, decomposed types, content + `-meta.xml` pairs). A file the resolver
 * cannot place is reported, never dropped.
 */
import { posix } from 'node:path';
import { MetadataResolver, VirtualTreeContainer, type VirtualDirectory } from '@salesforce/source-deploy-retrieve';

export interface ResolvedComponent {
  type: string;
  fullName: string;
  /** The component's metadata XML file (zip path relative to the package root), if it has one. */
  xmlPath?: string;
  /** Every file of the component, metadata XML last. */
  paths: string[];
}

export interface Unresolved {
  path: string;
  problem: string;
}

function virtualTree(files: Map<string, Buffer>): VirtualTreeContainer {
  const dirs = new Map<string, VirtualDirectory>();
  const dirOf = (p: string): VirtualDirectory => {
    let d = dirs.get(p);
    if (!d) {
      d = { dirPath: p, children: [] };
      dirs.set(p, d);
      if (p !== '.') {
        const parent = posix.dirname(p);
        dirOf(parent).children.push(posix.basename(p));
      }
    }
    return d;
  };
  dirOf('.');
  for (const [path, data] of files) {
    const dir = posix.dirname(path);
    dirOf(dir).children.push({ name: posix.basename(path), data });
  }
  return new VirtualTreeContainer([...dirs.values()]);
}

/** Resolves every file (except package.xml and destructive changes, which the caller handles). */
export function resolveComponents(files: Map<string, Buffer>): {
  components: ResolvedComponent[];
  unresolved: Unresolved[];
} {
  const tree = virtualTree(files);
  const resolver = new MetadataResolver(undefined, tree);
  const byKey = new Map<string, ResolvedComponent>();
  const unresolved: Unresolved[] = [];
  const claimed = new Set<string>();
  for (const path of [...files.keys()].sort()) {
    if (claimed.has(path)) continue;
    if (!path.includes('/')) {
      unresolved.push({
        path,
        problem: `Unknown metadata type for file ${path}: not a folder of a known metadata type`
      });
      continue;
    }
    let found;
    try {
      found = resolver.getComponentsFromPath(path);
    } catch (e) {
      unresolved.push({
        path,
        problem: `Unknown metadata type for file ${path}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`
      });
      continue;
    }
    if (found.length === 0) {
      unresolved.push({
        path,
        problem: `Unknown metadata type for file ${path}: not a folder of a known metadata type`
      });
      continue;
    }
    for (const c of found) {
      const key = `${c.type.name}:${c.fullName}`;
      const content = c.content ? (tree.isDirectory(c.content) ? c.walkContent() : [c.content]) : [];
      const own = [...content, ...(c.xml ? [c.xml] : [])].map((p) => posix.normalize(p)).filter((p) => files.has(p));
      if (!own.includes(path)) own.push(path);
      const existing = byKey.get(key);
      const paths = existing ? [...new Set([...existing.paths, ...own])] : own;
      for (const p of paths) claimed.add(p);
      byKey.set(key, {
        type: c.type.name,
        fullName: c.fullName,
        xmlPath: c.xml ? posix.normalize(c.xml) : existing?.xmlPath,
        paths
      });
    }
  }
  return { components: [...byKey.values()], unresolved };
}
