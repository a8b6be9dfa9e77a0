/**
 * Remembers the last successful deploy per org so that re-running setup on a configured org
 * does not deploy again. Like the CLI's own .sf/deploy-cache.json, it lives in the project's
 * .sf folder (git-ignored). The fingerprint covers every file of the package directories and
 * the replacement values (hashed, never stored).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ProjectInfo } from './project.js';

export type CacheEntry = { fingerprint: string; deployId: string; deployedAt: string };

const cacheFile = (projectDir: string): string => join(projectDir, '.sf', 'dated-rates-deploy.json');

export function fingerprint(project: ProjectInfo, values: Record<string, string | undefined>): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        hash.update(relative(project.dir, path)).update('\0').update(readFileSync(path)).update('\0');
      }
    }
  };
  for (const pkg of project.packageDirectories) walk(join(project.dir, pkg));
  for (const key of Object.keys(values).sort()) hash.update(`${key}=${values[key] ?? ''}\0`);
  return hash.digest('hex');
}

export function readCache(projectDir: string): Record<string, CacheEntry> {
  try {
    return JSON.parse(readFileSync(cacheFile(projectDir), 'utf8')) as Record<string, CacheEntry>;
  } catch {
    return {};
  }
}

export function writeCache(projectDir: string, orgId: string, entry: CacheEntry): void {
  const all = readCache(projectDir);
  all[orgId] = entry;
  mkdirSync(join(projectDir, '.sf'), { recursive: true });
  writeFileSync(cacheFile(projectDir), JSON.stringify(all, null, 2) + '\n');
}
