/**
 * The on-disk parse cache: parse trees of sources that parsed without a problem, stored as numbers
 * (`tree-codec.ts`) in files named by a SHA-256 of the cache version, the unit kind and the source
 * text. The version joins the parser's package version with the codec's, so a new parser or encoding
 * never reads an old entry; a changed source has another hash, so it is parsed again. An entry that
 * does not decode is a miss (and is rewritten). Off unless a folder is configured
 * (`configureParseCache`, or `LocalOrgOptions.apexParseCacheDir`).
 *
 * Why: ANTLR's adaptive prediction builds its lookahead DFA on the first parses of a process; parsing
 * a project cold costs several times a warm parse (docs/apex-runtime.md, "Measured"). Rebuilding a
 * stored tree skips that work.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { decodeTree, encodeTree, TREE_CODEC_VERSION, type EncodedTree } from './tree-codec.js';

/** Entries kept in a cache folder; beyond this the oldest are removed when the cache is configured. */
const MAX_ENTRIES = 4000;

interface StoredEntry extends EncodedTree {
  readonly version: string;
  readonly kind: string;
  readonly length: number;
}

let folder: string | undefined;
let version: string | undefined;
const stats = { hits: 0, misses: 0, writes: 0 };

/** The parser's package version, read from its package.json (its exports do not list it). */
function parserVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@apexdevtools/apex-parser'));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@apexdevtools/apex-parser' && pkg.version) return pkg.version;
    } catch {
      // not here: look one folder up
    }
    dir = dirname(dir);
  }
  throw new Error('cannot read the version of @apexdevtools/apex-parser for the parse cache key');
}

/** The version part of every cache key: parser package version and tree encoding version. */
export function parseCacheVersion(): string {
  return (version ??= `apex-parser@${parserVersion()}/codec@${TREE_CODEC_VERSION}`);
}

/** Turns the cache on (a folder, created when missing) or off (undefined) for this thread. */
export function configureParseCache(dir: string | undefined): void {
  folder = undefined;
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    return; // a folder that cannot be created (read-only file system): no cache, every source is parsed
  }
  folder = dir;
  prune(dir);
}

/** The configured folder, if any (workers are started with the HTTP thread's). */
export function parseCacheDir(): string | undefined {
  return folder;
}

/** Hits, misses and writes since the process started (tests pin "a changed source is parsed again" with them). */
export function parseCacheStats(): Readonly<typeof stats> {
  return { ...stats };
}

function entryPath(dir: string, kind: string, source: string): string {
  const hash = createHash('sha256').update(`${parseCacheVersion()}\u0000${kind}\u0000`).update(source).digest('hex');
  return join(dir, `${hash}.json`);
}

/** The stored tree for this source, rebuilt, or undefined (no cache, no entry, or an entry that does not fit). */
export function cachedTree(source: string, kind: string): object | undefined {
  if (!folder) return undefined;
  let text: string;
  try {
    text = readFileSync(entryPath(folder, kind, source), 'utf8');
  } catch {
    stats.misses++;
    return undefined;
  }
  try {
    const entry = JSON.parse(text) as StoredEntry;
    if (entry.version !== parseCacheVersion() || entry.kind !== kind || entry.length !== source.length) {
      throw new Error('entry of another source');
    }
    const tree = decodeTree(entry, source);
    stats.hits++;
    return tree;
  } catch {
    stats.misses++;
    return undefined;
  }
}

/** Stores a tree that parsed without problems (written to a temporary file, then renamed into place). */
export function storeTree(source: string, kind: string, tree: object): void {
  if (!folder) return;
  const encoded = encodeTree(tree, source);
  if (!encoded) return;
  const entry: StoredEntry = { version: parseCacheVersion(), kind, length: source.length, ...encoded };
  const path = entryPath(folder, kind, source);
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify(entry));
    renameSync(temporary, path);
    stats.writes++;
  } catch {
    // a cache that cannot be written (read-only folder, disk full) only costs the next run a parse
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
  }
}

/** Keeps a folder at MAX_ENTRIES: the least recently written entries (and stale temporary files) go first. */
function prune(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  if (names.length <= MAX_ENTRIES) return;
  const entries = names.flatMap((name) => {
    try {
      return [{ name, at: statSync(join(dir, name)).mtimeMs }];
    } catch {
      return [];
    }
  });
  entries.sort((a, b) => a.at - b.at);
  for (const e of entries.slice(0, entries.length - MAX_ENTRIES / 2)) {
    try {
      unlinkSync(join(dir, e.name));
    } catch {
      // removed by another process meanwhile
    }
  }
}
