/**
 * The console in a real browser, offline: Debian's Chromium driven by playwright-core loads the tab from a
 * local org with this project deployed, and everything it shows comes from the org (no mocks): the rates
 * table and trend chart against the store, Run now (a new run appears), Schedule daily / Unschedule (the
 * CronTrigger comes and goes), Test connection (a callout through the Named Credential), each rate's source
 * and fixing date and the last run per source, Backfill (a bad range refused in the page, a good one creates
 * the missing rates) and Prune (a confirmation with the counts, then only the project's rates deleted). Screenshots go to
 * test-output/console/; axe-core finds no serious violation; no request is answered with an error.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runSoql } from '../../src/local-org/index.js';
import { startConsoleOrg, type ConsoleOrg } from './console-org.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT = join(ROOT, 'test-output', 'console');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TAB = 'Dated_Rates_Console';
/** The flags Chromium needs here (docs/console.md): no sandbox as root, no background networking on a closed network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];
const RATE = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 });

describe('console in Chromium (playwright-core, Debian chromium)', function () {
  this.timeout(900_000);
  let c: ConsoleOrg;
  let browser: Browser;
  let page: Page;
  const failedRequests: string[] = [];
  const pageErrors: string[] = [];

  const today = (): string =>
    String(
      // DatedConversionRate fields are filter-only (Object Reference): sort here, not in SOQL.
      runSoql(c.org.store, 'SELECT StartDate FROM DatedConversionRate')
        .records.map((r) => String(r.StartDate))
        .sort()
        .at(-1)
    );
  const shot = (name: string) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  const table = (id: string) => page.locator(`[data-id="${id}"] tbody tr`);
  // Requests of the page still in flight. A reload while one is pending would abort it (net::ERR_ABORTED),
  // which is the test's doing, not the org's: reload only once the page has heard every answer.
  let inFlight = 0;
  const reload = async (): Promise<void> => {
    for (let i = 0; i < 600 && inFlight > 0; i++) await page.waitForTimeout(100);
    await page.reload();
  };

  before(async function () {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `No Chromium at ${CHROMIUM}: the console's browser test needs Debian's chromium package. Run 'bash scripts/dev.sh install' (it runs apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.`
      );
    mkdirSync(OUT, { recursive: true });
    c = await startConsoleOrg();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', () => inFlight++);
    page.on('requestfinished', () => inFlight--);
    page.on('requestfailed', () => inFlight--);
    page.on('response', (r) => {
      if (r.status() >= 400) failedRequests.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
    page.on('requestfailed', (r) => failedRequests.push(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // The first request compiles the page (LWC compiler over the deployed bundles and the base components).
    await page.goto(c.loginUrl(TAB), { timeout: 600_000 });
    await page.locator('[data-id="currency-table"] tbody tr').first().waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
    await c?.stop();
  });

  it('shows every active currency with the latest rate the org holds', async () => {
    await shot('01-loaded');
    const store = c.org.store;
    const corporate = String(
      runSoql(store, 'SELECT IsoCode FROM CurrencyType WHERE IsCorporate = true').records[0].IsoCode
    );
    const codes = runSoql(store, 'SELECT IsoCode FROM CurrencyType WHERE IsActive = true')
      .records.map((r) => String(r.IsoCode))
      .filter((code) => code !== corporate)
      .sort();
    expect(await page.locator('[data-id="corporate"]').innerText()).to.equal(corporate);
    const rows = await table('currency-table').allInnerTexts();
    expect(rows).to.have.length(codes.length);
    const day = today();
    for (const [i, code] of codes.entries()) {
      const rate = runSoql(
        store,
        'SELECT ConversionRate FROM DatedConversionRate WHERE IsoCode = :code AND StartDate = :day',
        {
          binds: { code, day }
        }
      ).records[0].ConversionRate as number;
      const cells = rows[i]
        .split(/\t|\n/)
        .map((s) => s.trim())
        .filter(Boolean);
      expect(cells[0], rows[i]).to.equal(code);
      expect(cells, rows[i]).to.include(RATE.format(rate));
      expect(cells, rows[i]).to.include('Present');
    }
  });

  it('draws the trend chart of the first currency from its dated rates', async () => {
    const first = (await table('currency-table').first().innerText()).split(/\t|\n/)[0].trim();
    const rates = runSoql(
      c.org.store,
      'SELECT StartDate, ConversionRate FROM DatedConversionRate WHERE IsoCode = :code AND StartDate > 0001-01-01',
      { binds: { code: first } }
    )
      .records.sort((x, y) => String(x.StartDate).localeCompare(String(y.StartDate)))
      .slice(-30);
    const points = await page.locator('[data-id="chart-svg"] circle').count();
    expect(points).to.equal(rates.length);
    const caption = await page.locator('[data-id="chart-caption"]').innerText();
    expect(caption).to.include(
      `${first} rates from ${String(rates[0].StartDate)} to ${String(rates.at(-1)!.StartDate)}`
    );
    expect(caption).to.include(`latest ${Number(rates.at(-1)!.ConversionRate)}`);
    expect(await page.locator('[data-id="chart-line"]').getAttribute('points')).to.match(
      /^[\d.]+,[\d.]+( [\d.]+,[\d.]+)+$/
    );
  });

  it('Run now starts the batch; the new run appears in Last runs', async () => {
    const before = runSoql(c.org.store, 'SELECT COUNT() FROM DatedRateRun__c').totalSize;
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByText('Roll-forward started').waitFor({ timeout: 60_000 });
    // The batch runs after the action's transaction commits; the page shows it on reload, as the docs say.
    await c.org.apex!.whenIdle();
    const run = runSoql(
      c.org.store,
      'SELECT Name, Status__c, SkippedCount__c FROM DatedRateRun__c ORDER BY Name DESC LIMIT 1'
    ).records[0];
    expect(runSoql(c.org.store, 'SELECT COUNT() FROM DatedRateRun__c').totalSize).to.equal(before + 1);
    await reload();
    const newest = table('run-table').first();
    await newest.waitFor({ timeout: 60_000 });
    const text = await newest.innerText();
    expect(text).to.include(String(run.Name));
    expect(text).to.include(String(run.Status__c));
    await shot('02-after-run');
  });

  it('Schedule daily schedules the job; Unschedule removes it', async () => {
    await page.getByRole('button', { name: 'Schedule daily' }).click();
    await page.locator('[data-id="schedule-cron"]').waitFor({ timeout: 60_000 });
    const cron = runSoql(c.org.store, 'SELECT CronExpression, State FROM CronTrigger').records;
    expect(cron).to.have.length(1);
    expect(await page.locator('[data-id="schedule-cron"]').innerText()).to.equal(String(cron[0].CronExpression));
    expect(await page.locator('[data-id="schedule-state"]').innerText()).to.equal(String(cron[0].State));
    await shot('03-scheduled');
    await page.getByRole('button', { name: 'Unschedule' }).click();
    await page.locator('[data-id="not-scheduled"]').waitFor({ timeout: 60_000 });
    expect(runSoql(c.org.store, 'SELECT COUNT() FROM CronTrigger').totalSize).to.equal(0);
  });

  it('Test connection calls the REST API through the Named Credential', async () => {
    const callouts = c.org.apex!.calloutsMade;
    await page.getByRole('button', { name: 'Test connection' }).click();
    const ok = page.locator('[data-id="connection-ok"]');
    await ok.waitFor({ timeout: 60_000 });
    expect(await ok.innerText()).to.match(/Named Credential DatedRatesOrgApi reached REST API v\d+\.0 \(HTTP 200\)/);
    expect(c.org.apex!.calloutsMade).to.be.greaterThan(callouts);
    await shot('04-connection');
  });

  it('shows the source and fixing date of each rate, and the last run per source', async () => {
    await reload();
    await table('currency-table').first().waitFor({ timeout: 60_000 });
    const store = c.org.store;
    const day = today();
    const provenance = runSoql(
      store,
      'SELECT IsoCode__c, Source__c, FixingDate__c FROM DatedRateProvenance__c WHERE StartDate__c = :day',
      { binds: { day } }
    ).records;
    expect(provenance.length).to.be.greaterThan(0);
    const rows = await table('currency-table').allInnerTexts();
    for (const p of provenance) {
      const row = rows.find((r) => r.split(/\t|\n/)[0].trim() === p.IsoCode__c);
      expect(row, String(p.IsoCode__c)).to.not.equal(undefined);
      expect(row).to.include(String(p.Source__c));
      // lightning-datatable's date-local cells format the fixing date in the browser's locale (en-US).
      const [y, m, d] = String(p.FixingDate__c).split('-').map(Number);
      expect(row).to.include(
        new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric' }).format(
          new Date(y, m - 1, d)
        )
      );
    }
    // The newest run (Run now, after the setup's run) found every rate present: it wrote from no source.
    const newest = runSoql(store, 'SELECT SourceCounts__c FROM DatedRateRun__c ORDER BY Name DESC LIMIT 1').records[0];
    expect(newest.SourceCounts__c ?? null).to.equal(null);
    expect(await page.locator('[data-id="no-source-counts"]').innerText()).to.include('wrote no rate from a source');
  });

  /** Types a date into a lightning-input of type date (its text field takes the en-US medium format). */
  async function fillDate(label: string, iso: string): Promise<void> {
    const [y, m, d] = iso.split('-').map(Number);
    const text = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric' }).format(
      new Date(y, m - 1, d)
    );
    const input = page.getByLabel(label, { exact: true });
    await input.fill(text);
    await input.press('Tab');
  }
  const addDays = (iso: string, n: number): string =>
    new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const countRuns = (): number => runSoql(c.org.store, 'SELECT COUNT() FROM DatedRateRun__c').totalSize;

  it('Backfill refuses a range ending in the future in the page; a valid range creates the missing rates', async () => {
    const day = today();
    await fillDate('From', addDays(day, -3));
    await fillDate('To', addDays(day, 2));
    await page.getByRole('button', { name: 'Backfill' }).click();
    const error = page.locator('[data-id="range-error"]');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.innerText()).to.include('is in the future');
    await shot('05-range-error');
    const before = countRuns();
    await fillDate('To', addDays(day, -1));
    await page.getByRole('button', { name: 'Backfill' }).click();
    await page.getByText('Backfill started').waitFor({ timeout: 60_000 });
    await c.org.apex!.whenIdle();
    expect(countRuns()).to.equal(before + 1);
    const run = runSoql(
      c.org.store,
      'SELECT Name, Status__c, CreatedCount__c FROM DatedRateRun__c ORDER BY Name DESC LIMIT 1'
    ).records[0];
    expect(run.Status__c).to.equal('Succeeded');
    expect(Number(run.CreatedCount__c)).to.be.greaterThan(0);
    // The page shows the backfill as the last run, with its rates per source.
    const counts = runSoql(c.org.store, 'SELECT SourceCounts__c FROM DatedRateRun__c ORDER BY Name DESC LIMIT 1')
      .records[0].SourceCounts__c;
    expect(String(counts)).to.match(/^RollForward: \d+$/);
    await reload();
    await page.locator('[data-id="source-counts"] li').first().waitFor({ timeout: 60_000 });
    const shown = (await page.locator('[data-id="source-counts"] li').allInnerTexts()).map((t) => t.trim());
    expect(shown.join(', ')).to.equal(String(counts));
    expect(await table('run-table').first().innerText()).to.include(String(run.Name));
  });

  it('Prune asks for confirmation with the counts, then deletes only the rates the project created', async () => {
    const day = today();
    const from = addDays(day, -3);
    const to = addDays(day, -1);
    const inRange = (): number =>
      runSoql(c.org.store, 'SELECT COUNT() FROM DatedConversionRate WHERE StartDate >= :lo AND StartDate <= :hi', {
        binds: { lo: from, hi: to }
      }).totalSize;
    const ours = runSoql(
      c.org.store,
      'SELECT COUNT() FROM DatedRateProvenance__c WHERE StartDate__c >= :lo AND StartDate__c <= :hi',
      { binds: { lo: from, hi: to } }
    ).totalSize;
    const total = inRange();
    expect(ours).to.be.greaterThan(0);
    expect(total).to.be.greaterThan(ours); // the seeded history holds rates the project did not create
    await reload();
    await table('currency-table').first().waitFor({ timeout: 60_000 });
    await fillDate('From', from);
    await fillDate('To', to);
    await page.getByRole('button', { name: 'Prune…' }).click();
    const confirm = page.locator('[data-id="prune-confirm"]');
    await confirm.waitFor({ timeout: 60_000 });
    expect(await confirm.innerText()).to.include(
      `${ours} dated rate(s) from ${from} to ${to} were created by Dated Rates and would be deleted; ${total - ours} other rate(s) in the range stay.`
    );
    await shot('06-prune-confirm');
    expect(inRange(), 'nothing deleted before the confirmation').to.equal(total);
    await page.getByRole('button', { name: `Delete ${ours} rate${ours === 1 ? '' : 's'}` }).click();
    await page.getByText('Rates pruned').waitFor({ timeout: 60_000 });
    expect(inRange()).to.equal(total - ours);
    expect(
      runSoql(
        c.org.store,
        'SELECT COUNT() FROM DatedRateProvenance__c WHERE StartDate__c >= :lo AND StartDate__c <= :hi',
        {
          binds: { lo: from, hi: to }
        }
      ).totalSize
    ).to.equal(0);
  });

  it('has no serious accessibility violation (axe-core)', async () => {
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const report = await page.evaluate(async () => {
      type Node = { html: string; target: string[] };
      type Rule = { id: string; impact: string; help: string; nodes: Node[] };
      const axe = (
        window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: Rule[]; passes: Rule[] }> } }
      ).axe;
      const result = await axe.run(document);
      return {
        violations: result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))
        })),
        inspected: result.passes.flatMap((p) => p.nodes.map((n) => n.html)).join('\n')
      };
    });
    // axe saw the component's content (synthetic shadow keeps it in the document), not just the page frame.
    expect(report.inspected).to.include('Run now');
    expect(report.inspected).to.include('AUD');
    const serious = report.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious, JSON.stringify(serious, null, 2)).to.deep.equal([]);
  });

  it('the org answered no request of the page with an error, and the page threw nothing', () => {
    expect(failedRequests).to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);
  });
});
