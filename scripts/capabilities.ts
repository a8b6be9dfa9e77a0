/**
 * Writes docs/capabilities.md from the local org's registries (`npm run capabilities`); with `--check`,
 * exits 1 when the file is stale instead (the test in test/local-org/capabilities.test.ts does the same).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { capabilitiesMarkdown } from '../src/local-org/index.js';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/capabilities.md');
const fresh = await capabilitiesMarkdown();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    current = '';
  }
  if (current !== fresh) {
    console.error('docs/capabilities.md is stale: run npm run capabilities and commit the result');
    process.exit(1);
  }
  console.log('docs/capabilities.md is current');
} else {
  writeFileSync(file, fresh);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
