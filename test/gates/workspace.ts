import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A throwaway SFDX project in the system temp folder (not under a hidden folder: source-deploy-retrieve
 * ignores paths with a dot-folder ancestor), holding only the files a test writes.
 */
export class Workspace {
  private constructor(readonly dir: string) {}

  static async create(): Promise<Workspace> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dated-rates-gate-'));
    await cp(path.join(projectRoot, '.prettierrc'), path.join(dir, '.prettierrc'));
    await cp(path.join(projectRoot, 'code-analyzer.yml'), path.join(dir, 'code-analyzer.yml'));
    await writeFile(
      path.join(dir, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '65.0' })
    );
    return new Workspace(dir);
  }

  /** Writes `content` at `relativePath`, creating folders. */
  async write(relativePath: string, content: string): Promise<string> {
    const file = path.join(this.dir, relativePath);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    return file;
  }

  /** Writes an Apex class with its `-meta.xml`. */
  async writeClass(name: string, source: string): Promise<void> {
    await this.write(`force-app/main/default/classes/${name}.cls`, source);
    await this.write(`force-app/main/default/classes/${name}.cls-meta.xml`, CLASS_META);
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

export const CLASS_META = `<?xml version="1.0" encoding="UTF-8" ?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
  <apiVersion>65.0</apiVersion>
  <status>Active</status>
</ApexClass>
`;

/** A small, correctly formatted class that every gate accepts. */
export const GOOD_CLASS = `/**
 * @description Greets.
 */
public with sharing class Greeter {
  /**
   * @description Says hello.
   * @param name who to greet
   * @return the greeting
   */
  public static String greet(String name) {
    return 'Hello, ' + name;
  }
}
`;
