/**
 * The scratch-org GitHub Actions workflow runs what a real org needs, in the order README.md and
 * docs/toolchain.md describe: the two-phase setup (no placeholder secret), the Apex tests with
 * JUnit results that are uploaded, one batch run and verify; without the Dev Hub secret it is
 * skipped visibly. It cannot run here (no Dev Hub): what can be checked offline is, on the parsed
 * YAML — the jobs, their conditions and steps, and that every toolchain command the workflow runs is
 * a script the README documents, called with flags the command accepts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { parseFlags } from '../../src/toolchain/flags.js';
import { SPECS, type CommandName } from '../../src/toolchain/commands/specs.js';

const ROOT = join(import.meta.dirname, '..', '..');
const WORKFLOW_TEXT = readFileSync(join(ROOT, '.github', 'workflows', 'scratch-org.yml'), 'utf8');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

type Step = { name?: string; id?: string; if?: string; run?: string; uses?: string; with?: Record<string, string> };
type Job = {
  needs?: string;
  if?: string;
  steps: Step[];
  outputs?: Record<string, string>;
  env?: Record<string, string>;
};
const WORKFLOW = parse(WORKFLOW_TEXT) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const JOB = WORKFLOW.jobs['scratch-org'];
const STEPS = JOB.steps;

/** `npm run -s <script> -- <args>` invocations of the workflow's run steps, with $ORG_ALIAS filled in. */
function npmRuns(): Array<{ step: string; script: string; args: string[] }> {
  const out: Array<{ step: string; script: string; args: string[] }> = [];
  for (const step of STEPS) {
    for (const line of (step.run ?? '').split('\n')) {
      const m = /\bnpm run -s (\S+)(?: -- (.*))?$/.exec(line.trim());
      if (!m) continue;
      const words = (m[2] ?? '').split(/\s+/).filter(Boolean);
      const end = words.findIndex((w) => ['>', '||', '|', '&&', ';'].includes(w));
      const args = (end === -1 ? words : words.slice(0, end)).map((w) =>
        w.replace(/^"\$ORG_ALIAS"$/, 'ci-org').replace(/^'(.*)'$/, '$1')
      );
      out.push({ step: step.name ?? '', script: m[1], args });
    }
  }
  return out;
}

describe('CI: the scratch-org workflow', () => {
  it('never deploys a placeholder consumer key or secret', () => {
    expect(WORKFLOW_TEXT).not.to.match(/DATED_RATES_CONSUMER_(KEY|SECRET):/);
    expect(WORKFLOW_TEXT).not.to.match(/placeholder-consumer/);
    expect(Object.keys(JOB.env ?? {})).not.to.include.members([
      'DATED_RATES_CONSUMER_KEY',
      'DATED_RATES_CONSUMER_SECRET'
    ]);
  });

  it('creates the scratch org with the Dev Hub secret from the project definition file', () => {
    const auth = STEPS.find((s) => s.name === 'Authenticate Dev Hub');
    expect((auth as { env?: Record<string, string> }).env).to.deep.equal({
      SFDX_AUTH_URL_DEVHUB: '${{ secrets.SFDX_AUTH_URL_DEVHUB }}'
    });
    expect(auth?.run).to.include('sf org login sfdx-url');
    const create = STEPS.find((s) => /sf org create scratch/.test(s.run ?? ''));
    expect(create?.run).to.include('--definition-file config/project-scratch-def.json');
    expect(STEPS.indexOf(auth!)).to.be.lessThan(STEPS.indexOf(create!));
  });

  it('runs the two-phase setup, the Apex tests, one batch run and verify, in that order', () => {
    const names = STEPS.map((s) => s.name ?? '');
    const at = (re: RegExp): number => names.findIndex((n) => re.test(n));
    const order = [/^Setup, two phases/, /^Apex tests/, /^Run the batch once/, /^Verify/].map(at);
    expect(
      order.every((i) => i >= 0),
      names.join(' | ')
    ).to.equal(true);
    expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
    const [setup, tests, batch, verify] = order.map((i) => STEPS[i]);
    // phase 1 and the key and secret read back from the org are required, not hoped for
    expect(setup.run).to.include(`.result.clientApp.credentials == "org"`);
    expect(setup.run).to.include('.result.clientApp.phase1DeployId != null');
    expect(tests.run).to.include('sf apex run test');
    expect(tests.run).to.include('--result-format junit --output-dir test-results');
    // exactly one batch run; the batch run and verify are never skipped
    expect(npmRuns().filter((r) => r.script === 'run')).to.have.length(1);
    for (const step of [batch, verify]) expect(step.if).to.equal(undefined);
  });

  it('uploads the test results whatever happened, and always deletes the org', () => {
    const upload = STEPS.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).to.equal('always()');
    expect(upload?.with?.path).to.include('test-results/');
    const last = STEPS.at(-1);
    expect(last?.name).to.equal('Delete scratch org');
    expect(last?.if).to.equal('always()');
  });

  it('is skipped visibly without the Dev Hub secret', () => {
    expect(JOB.needs).to.equal('check-devhub');
    expect(JOB.if).to.equal("needs.check-devhub.outputs.has-devhub == 'true'");
    const check = WORKFLOW.jobs['check-devhub'];
    expect(check.outputs?.['has-devhub']).to.equal('${{ steps.check.outputs.has-devhub }}');
    const run = check.steps.find((s) => s.id === 'check')?.run ?? '';
    expect(run).to.include('::notice::SFDX_AUTH_URL_DEVHUB is not set');
    expect(run).to.include('$GITHUB_STEP_SUMMARY');
  });

  it("runs the README's scripts: each npm run is a documented toolchain command, with flags it accepts", () => {
    const runs = npmRuns();
    expect(runs.map((r) => r.script)).to.include.members([
      'setup',
      'schedule',
      'deploy',
      'status',
      'unschedule',
      'run',
      'verify'
    ]);
    for (const { step, script, args } of runs) {
      expect(PACKAGE.scripts[script], `${step}: npm run ${script}`).to.equal(`tsx scripts/${script}.ts`);
      expect(readFileSync(join(ROOT, 'scripts', `${script}.ts`), 'utf8')).to.include(`main('${script}')`);
      expect(README, `README documents npm run ${script}`).to.match(new RegExp(`\`npm run ${script}\\b`));
      const spec = SPECS[script as CommandName];
      const flags = parseFlags(args, spec.flags); // throws UsageError on a flag the command does not have
      spec.validate?.(flags);
    }
    // the install step is the documented one
    expect(STEPS.some((s) => /^npm ci$/m.test(s.run ?? ''))).to.equal(true);
    expect(README).to.include('npm ci && npm test');
  });
});
