import { readdir } from 'node:fs/promises';
import path from 'node:path';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.sf', '.sfdx', '.tools', 'coverage']);

/** Lists files under `root` (recursively) whose names end with one of `suffixes`, sorted; none when `root` is missing. */
export async function listFiles(root: string, suffixes: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(full);
      } else if (suffixes.some((suffix) => entry.name.endsWith(suffix))) {
        found.push(full);
      }
    }
  }
  try {
    await walk(root);
  } catch (error) {
    // A root that does not exist (yet) simply holds no files.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return found.sort();
}

/** Path of `file` relative to `base`, with forward slashes, for stable messages. */
export function relativeTo(base: string, file: string): string {
  return path.relative(base, file).split(path.sep).join('/');
}
