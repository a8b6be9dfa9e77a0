/**
 * The scratch-org GitHub Actions workflow runs what a real org needs, in the order README.md and
 * docs/toolchain.md describe: the two-phase setup (no placeholder secret), the Apex tests with
 * JUnit results that are uploaded, one batch run and verify; without the Dev Hub secret it is
 * skipped visibly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

const WORKFLOW = readFileSync(join(import.meta.dirname, '..', '..', '.github', 'workflows', 'scratch-org.yml'), 'utf8');

/** The `- name:` steps of the scratch-org job, in order, each with its text. */
function steps(): Array<{ name: string; text: string }> {
  const job = WORKFLOW.slice(WORKFLOW.indexOf('\n  scratch-org:'));
  return job
    .split(/\n {6}- name: /)
    .slice(1)
    .map((chunk) => ({ name: chunk.split('\n')[0].trim(), text: chunk }));
}

describe('CI: the scratch-org workflow', () => {
  it('never deploys a placeholder consumer key or secret', () => {
    expect(WORKFLOW).not.to.match(/DATED_RATES_CONSUMER_(KEY|SECRET):/);
    expect(WORKFLOW).not.to.match(/placeholder-consumer/);
  });

  it('runs the two-phase setup, the Apex tests, one batch run and verify, in that order', () => {
    const names = steps().map((s) => s.name);
    const at = (re: RegExp): number => names.findIndex((n) => re.test(n));
    const order = [/^Setup, two phases/, /^Apex tests/, /^Run the batch once/, /^Verify/].map(at);
    expect(
      order.every((i) => i >= 0),
      names.join(' | ')
    ).to.equal(true);
    expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
    const setup = steps()[order[0]].text;
    expect(setup).to.include(`.result.clientApp.credentials == "org"`);
    const tests = steps()[order[1]].text;
    expect(tests).to.include('sf apex run test');
    expect(tests).to.include('--result-format junit --output-dir test-results');
    for (const i of [order[2], order[3]]) expect(steps()[i].text).not.to.match(/^\s+if:/m);
  });

  it('uploads the test results whatever happened, and always deletes the org', () => {
    const upload = steps().find((s) => s.text.includes('actions/upload-artifact@'));
    expect(upload?.text).to.include('if: always()');
    expect(upload?.text).to.include('test-results/');
    const last = steps().at(-1);
    expect(last?.name).to.equal('Delete scratch org');
    expect(last?.text).to.include('if: always()');
  });

  it('is skipped visibly without the Dev Hub secret', () => {
    expect(WORKFLOW).to.include("if: needs.check-devhub.outputs.has-devhub == 'true'");
    expect(WORKFLOW).to.include('::notice::SFDX_AUTH_URL_DEVHUB is not set');
    expect(WORKFLOW).to.include('$GITHUB_STEP_SUMMARY');
  });
});
