/**
 * Loaded by mocha before any test file (.mocharc.json "require"): turns the local org's on-disk Apex
 * parse cache on for this mocha process (and the Apex workers of the orgs it starts), in the folder
 * `npm start` and `npm run test:apex` use. Without it every file that deploys force-app parses it again
 * with ANTLR, about 2.4 s of CPU in the org's HTTP thread and as much in its Apex worker; with it, the
 * first file of a run parses each unchanged source and the others rebuild the stored tree. Entries are
 * keyed by a hash of the parser version and the source, written to a temporary file and renamed, so
 * parallel workers share the folder safely. test/apex-runtime/parse-cache.test.ts pins that a rebuilt
 * tree is the tree the parser built; sources with syntax errors are never stored, so every error test
 * still parses.
 */
import { APEX_PARSE_CACHE_DIR } from '../scripts/lib/apex-parse-cache.js';
import { configureParseCache } from '../src/local-org/apex/front-end/parse-cache.js';

configureParseCache(APEX_PARSE_CACHE_DIR);
