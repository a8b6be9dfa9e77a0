import { createElement } from "lwc";
import DatedRatesConsole from "c/datedRatesConsole";
import { refreshApex } from "@salesforce/apex";
import getConsoleState from "@salesforce/apex/DatedRatesConsoleController.getConsoleState";
import getRateHistory from "@salesforce/apex/DatedRatesConsoleController.getRateHistory";
import startBackfill from "@salesforce/apex/DatedRatesConsoleController.startBackfill";
import previewPrune from "@salesforce/apex/DatedRatesConsoleController.previewPrune";
import pruneRates from "@salesforce/apex/DatedRatesConsoleController.pruneRates";
import { rangeProblem } from "../consoleFormat";

jest.mock(
  "@salesforce/apex/DatedRatesConsoleController.getConsoleState",
  () => {
    const { createApexTestWireAdapter } = require("@salesforce/sfdx-lwc-jest");
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock(
  "@salesforce/apex/DatedRatesConsoleController.getRateHistory",
  () => {
    const { createApexTestWireAdapter } = require("@salesforce/sfdx-lwc-jest");
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock(
  "@salesforce/apex/DatedRatesConsoleController.startBackfill",
  () => ({ default: jest.fn() }),
  { virtual: true }
);
jest.mock(
  "@salesforce/apex/DatedRatesConsoleController.previewPrune",
  () => ({ default: jest.fn() }),
  { virtual: true }
);
jest.mock(
  "@salesforce/apex/DatedRatesConsoleController.pruneRates",
  () => ({ default: jest.fn() }),
  { virtual: true }
);
jest.mock(
  "@salesforce/apex",
  () => ({ refreshApex: jest.fn(() => Promise.resolve()) }),
  { virtual: true }
);

const STATE = require("./data/getConsoleState.json");
const HISTORY = require("./data/getRateHistory.json");
const TOAST_EVENT = "lightning__showtoast";

function flushPromises() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function byId(element, id) {
  return element.shadowRoot.querySelector(`[data-id="${id}"]`);
}

async function mountLoaded(state = STATE) {
  const element = createElement("c-dated-rates-console", {
    is: DatedRatesConsole
  });
  const toasts = [];
  element.addEventListener(TOAST_EVENT, (event) => toasts.push(event.detail));
  document.body.appendChild(element);
  getConsoleState.emit(JSON.parse(JSON.stringify(state)));
  getRateHistory.emit(HISTORY);
  await flushPromises();
  return { element, toasts };
}

async function setRange(element, from, to, sources) {
  const set = (id, value) =>
    byId(element, id).dispatchEvent(
      new CustomEvent("change", { detail: { value } })
    );
  set("range-from", from);
  set("range-to", to);
  if (sources !== undefined) set("range-sources", sources);
  await flushPromises();
}

const PLAN = {
  fromDate: "2026-11-01",
  toDate: "2026-11-27",
  projectCount: 12,
  foreignCount: 3,
  message:
    "12 dated rate(s) from 2026-11-01 to 2026-11-27 were created by Dated Rates and would be deleted; 3 other rate(s) in the range stay."
};

describe("c-dated-rates-console backfill and prune", () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it("rangeProblem names what is wrong with a range, or nothing", () => {
    expect(rangeProblem(null, "2026-11-02", "2026-11-28", 366)).toBe(
      "Choose both a From and a To date."
    );
    expect(rangeProblem("2026-11-03", "2026-11-02", "2026-11-28", 366)).toBe(
      "From (2026-11-03) is after To (2026-11-02); the range must start on or before its end."
    );
    expect(rangeProblem("2026-11-03", "2026-11-29", "2026-11-28", 366)).toMatch(
      /^To \(2026-11-29\) is in the future \(today is 2026-11-28/
    );
    expect(rangeProblem("2025-01-01", "2026-11-28", "2026-11-28", 366)).toBe(
      "The range has 697 days; at most 366 (MaxBackfillDays__c). Choose a shorter range."
    );
    expect(
      rangeProblem("2026-11-28", "2026-11-28", "2026-11-28", 366)
    ).toBeNull();
  });

  it("refuses a bad range in the browser with the reason, calling no Apex", async () => {
    const { element } = await mountLoaded();
    expect(byId(element, "range-from").max).toBe("2026-11-28");
    await setRange(element, "2026-11-20", "2026-11-10");
    byId(element, "backfill").click();
    await flushPromises();
    expect(byId(element, "range-error").textContent).toContain(
      "From (2026-11-20) is after To (2026-11-10)"
    );
    byId(element, "prune").click();
    await flushPromises();
    expect(byId(element, "range-error").textContent).toContain("is after To");
    await setRange(element, "2026-11-20", "2026-11-29");
    byId(element, "backfill").click();
    await flushPromises();
    expect(byId(element, "range-error").textContent).toContain(
      "is in the future"
    );
    expect(startBackfill).not.toHaveBeenCalled();
    expect(previewPrune).not.toHaveBeenCalled();
    // Changing a date clears the message.
    await setRange(element, "2026-11-20", "2026-11-21");
    expect(byId(element, "range-error")).toBeNull();
  });

  it("starts a backfill of the range with the chosen sources, toasts and refreshes", async () => {
    startBackfill.mockResolvedValue({
      ok: true,
      message:
        "Backfill queued for 2026-11-01 to 2026-11-27 (job 7075g00000A).",
      jobId: "7075g00000A"
    });
    const { element, toasts } = await mountLoaded();
    await setRange(element, "2026-11-01", "2026-11-27", "ECB,RollForward");
    byId(element, "backfill").click();
    await flushPromises();
    expect(startBackfill).toHaveBeenCalledWith({
      fromDate: "2026-11-01",
      toDate: "2026-11-27",
      sources: "ECB,RollForward"
    });
    expect(toasts).toEqual([
      expect.objectContaining({
        title: "Backfill started",
        variant: "success",
        message: expect.stringContaining("2026-11-01 to 2026-11-27")
      })
    ]);
    expect(refreshApex).toHaveBeenCalledTimes(2);
  });

  it("shows the org's refusal of a backfill as an error toast", async () => {
    startBackfill.mockRejectedValue({
      body: {
        message:
          "Check the backfill range: The range has 400 days; at most 366 (MaxBackfillDays__c) per run."
      }
    });
    const { element, toasts } = await mountLoaded({
      ...STATE,
      maxRangeDays: 3660
    });
    await setRange(element, "2025-10-25", "2026-11-27");
    byId(element, "backfill").click();
    await flushPromises();
    expect(toasts[0]).toMatchObject({
      title: "Action failed",
      variant: "error",
      message: expect.stringContaining("at most 366")
    });
  });

  it("prunes only after confirming the counts of the preview; cancel deletes nothing", async () => {
    previewPrune.mockResolvedValue(PLAN);
    pruneRates.mockResolvedValue({
      ...PLAN,
      deletedCount: 12,
      message:
        "Deleted 12 dated rate(s) created by Dated Rates from 2026-11-01 to 2026-11-27 in 1 callout(s); 3 other rate(s) left alone."
    });
    const { element, toasts } = await mountLoaded();
    await setRange(element, "2026-11-01", "2026-11-27");
    byId(element, "prune").click();
    await flushPromises();
    expect(previewPrune).toHaveBeenCalledWith({
      fromDate: "2026-11-01",
      toDate: "2026-11-27"
    });
    expect(pruneRates).not.toHaveBeenCalled();
    expect(byId(element, "prune-confirm-text").textContent).toContain(
      "3 other rate(s) in the range stay"
    );
    expect(byId(element, "prune-confirm-button").label).toBe("Delete 12 rates");

    byId(element, "prune-cancel").click();
    await flushPromises();
    expect(byId(element, "prune-confirm")).toBeNull();
    expect(pruneRates).not.toHaveBeenCalled();

    byId(element, "prune").click();
    await flushPromises();
    byId(element, "prune-confirm-button").click();
    await flushPromises();
    expect(pruneRates).toHaveBeenCalledWith({
      fromDate: "2026-11-01",
      toDate: "2026-11-27"
    });
    expect(byId(element, "prune-confirm")).toBeNull();
    expect(toasts.at(-1)).toMatchObject({
      title: "Rates pruned",
      variant: "success",
      message: expect.stringContaining("Deleted 12 dated rate(s)")
    });
    expect(refreshApex).toHaveBeenCalledTimes(2);
  });

  it("cannot confirm a prune with nothing to delete; a failed preview toasts the reason", async () => {
    previewPrune.mockResolvedValueOnce({ ...PLAN, projectCount: 0 });
    const { element, toasts } = await mountLoaded();
    await setRange(element, "2026-11-01", "2026-11-27");
    byId(element, "prune").click();
    await flushPromises();
    expect(byId(element, "prune-confirm-button").disabled).toBe(true);
    expect(byId(element, "prune-confirm-button").label).toBe("Delete 0 rates");

    previewPrune.mockRejectedValueOnce({
      body: { message: "The prune could not be planned: no access" }
    });
    byId(element, "prune").click();
    await flushPromises();
    expect(byId(element, "prune-confirm")).toBeNull();
    expect(toasts.at(-1)).toMatchObject({
      title: "Prune failed",
      message: "The prune could not be planned: no access"
    });
  });

  it("disables the range actions without the manage permission", async () => {
    const { element } = await mountLoaded({ ...STATE, canManage: false });
    for (const id of [
      "range-from",
      "range-to",
      "range-sources",
      "backfill",
      "prune"
    ]) {
      expect(byId(element, id).disabled).toBe(true);
    }
  });
});
