/**
 * The folder of the local org's on-disk Apex parse cache (docs/apex-runtime.md, "Phases"), shared by
 * `npm start`, `npm run demo:original`, `npm run test:apex` and the mocha workers of `npm test`: parse
 * trees of unchanged sources are rebuilt from it instead of being parsed again by ANTLR (about 2.4 s of
 * CPU for force-app in a fresh process, in the org's HTTP thread and again in its Apex worker).
 * Nothing but node:path here, so that loading it costs nothing.
 */
import { join, resolve } from 'node:path';

export const APEX_PARSE_CACHE_DIR = join(
  resolve(import.meta.dirname, '..', '..'),
  'node_modules',
  '.cache',
  'local-org-apex'
);
