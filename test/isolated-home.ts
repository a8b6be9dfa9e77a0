/**
 * Loaded by mocha before any test file (.mocharc.json "require"): points HOME and the XDG folders
 * at a fresh temporary directory, so that no test — in-process @salesforce/core calls included —
 * can read or write the developer's real ~/.sf and ~/.sfdx (AuthInfo.create saves auth files).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const home = mkdtempSync(path.join(os.tmpdir(), 'dated-rates-test-home-'));
process.env.HOME = home;
process.env.XDG_CONFIG_HOME = path.join(home, '.config');
process.env.XDG_DATA_HOME = path.join(home, '.local', 'share');
process.env.XDG_CACHE_HOME = path.join(home, '.cache');
process.env.SF_DISABLE_TELEMETRY = 'true';
process.on('exit', () => rmSync(home, { recursive: true, force: true }));
