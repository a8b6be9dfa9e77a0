/**
 * npm run fixtures -- [--out fixtures/ecb] [--now <ISO date-time>] [--days 400]
 * Writes the ECB-format feeds (daily, 90 days, history) and their fixtures manifest; see src/fixtures/ecb.ts.
 */
import { parseArgs } from 'node:util';
import { writeEcbFixtures } from '../src/fixtures/index.js';

let values;
try {
  ({ values } = parseArgs({
    options: {
      out: { type: 'string', default: 'fixtures/ecb' },
      now: { type: 'string' },
      days: { type: 'string', default: '400' }
    },
    strict: true
  }));
} catch (e) {
  console.error(`fixtures: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
const now = values.now ? new Date(values.now) : new Date();
const days = Number(values.days);
if (Number.isNaN(now.getTime()) || !Number.isInteger(days) || days < 90 || days > 4000) {
  console.error('fixtures: --now must be an ISO date-time and --days a whole number from 90 to 4000');
  process.exit(2);
}
const { latest, fixings } = writeEcbFixtures(values.out, now, days);
console.log(`Wrote ${values.out}: ECB feeds up to the ${latest} fixing, ${fixings} fixings of history.`);
