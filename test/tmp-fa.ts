import { readdirSync, readFileSync } from 'node:fs';
import { ApexRuntime } from '../src/local-org/apex/index.js';
import { FakeDataLayer } from './apex-runtime/fake-data-layer.js';
const dir = 'force-app/main/default/classes';
const files = readdirSync(dir).filter((f) => f.endsWith('.cls')).map((f) => ({ name: f.replace('.cls', ''), body: readFileSync(`${dir}/${f}`, 'utf8') }));
const data = new FakeDataLayer();
const known = data.describe.bind(data);
data.describe = (name: string) => known(name) ?? (/__(c|mdt)$/i.test(name) || /^(DatedConversionRate|CronTrigger|AsyncApexJob|PermissionSet|PermissionSetAssignment|Profile|CurrencyType|Organization|User)$/i.test(name) ? { name, label: name, keyPrefix: 'a00', createable: true, updateable: true, deletable: true, queryable: true, custom: true, fields: [] } as any : null);
const r = new ApexRuntime(data).compile(files);
const counts = new Map<string, number>();
for (const p of r.problems) { const k = p.message.replace(/: .*/, ''); counts.set(k, (counts.get(k) ?? 0) + 1); }
console.log(counts);
for (const p of r.problems.slice(0, 200)) console.log(`${p.file}:${p.line}:${p.column} ${p.message}`);
