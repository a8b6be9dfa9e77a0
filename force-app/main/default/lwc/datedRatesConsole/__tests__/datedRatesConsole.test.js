import { createElement } from "lwc";
import DatedRatesConsole from "c/datedRatesConsole";
import getConsoleState from "@salesforce/apex/DatedRatesConsoleController.getConsoleState";
import getRateHistory from "@salesforce/apex/DatedRatesConsoleController.getRateHistory";

// Wired Apex: documented sfdx-lwc-jest mocking with createApexTestWireAdapter.
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

const STATE = require("./data/getConsoleState.json");
const HISTORY = require("./data/getRateHistory.json");

function withState(overrides) {
  return { ...JSON.parse(JSON.stringify(STATE)), ...overrides };
}

function flushPromises() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function mount() {
  const element = createElement("c-dated-rates-console", {
    is: DatedRatesConsole
  });
  document.body.appendChild(element);
  return element;
}

function byId(element, id) {
  return element.shadowRoot.querySelector(`[data-id="${id}"]`);
}

const BUTTONS = ["run-now", "schedule", "unschedule", "test-connection"];

describe("c-dated-rates-console rendering", () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it("shows a spinner until the state arrives", () => {
    const element = mount();
    const spinner = element.shadowRoot.querySelector("lightning-spinner");
    expect(spinner).not.toBeNull();
    expect(spinner.alternativeText).toBe("Loading the dated rates console");
    expect(byId(element, "header")).toBeNull();
  });

  it("renders header, currency table, runs, schedule and connection from the state", async () => {
    const element = mount();
    getConsoleState.emit(withState({}));
    await flushPromises();

    expect(byId(element, "corporate").textContent).toBe("USD");
    expect(byId(element, "acm").textContent).toBe("Enabled");
    expect(
      byId(element, "target-date").querySelector(
        "lightning-formatted-date-time"
      ).value
    ).toBe("2026-11-28");

    const currencyTable = byId(element, "currency-table");
    expect(currencyTable.keyField).toBe("isoCode");
    expect(currencyTable.data.map((row) => row.isoCode)).toEqual([
      "EUR",
      "GBP",
      "JPY"
    ]);
    expect(currencyTable.data[0]).toMatchObject({
      latestRate: 1.1,
      previousRate: 1.0,
      changeFraction: 0.1,
      todayLabel: "Present",
      todayIcon: "utility:success"
    });
    expect(currencyTable.data[1]).toMatchObject({
      todayLabel: "Missing",
      todayIcon: "utility:warning"
    });
    expect(currencyTable.data[2]).toMatchObject({
      todayLabel: "Excluded",
      changeFraction: null
    });
    expect(currencyTable.columns.map((column) => column.label)).toEqual([
      "Currency",
      "Latest rate",
      "Start date",
      "Previous rate",
      "Change",
      "Source",
      "Fixing date",
      "Today's rate"
    ]);
    // Where each rate came from: the source and its fixing date, "Not recorded" for a rate the
    // project did not write.
    expect(currencyTable.data[0]).toMatchObject({
      sourceLabel: "ECB",
      fixingDate: "2026-11-27"
    });
    expect(currencyTable.data[1]).toMatchObject({
      sourceLabel: "Not recorded",
      fixingDate: null
    });
    const counts = [
      ...byId(element, "source-counts").querySelectorAll("li")
    ].map((li) => li.textContent.trim());
    expect(counts).toEqual(["ECB: 14", "RollForward: 1"]);
    expect(byId(element, "missing-count").textContent).toContain("1");

    const runTable = byId(element, "run-table");
    expect(runTable.data).toHaveLength(2);
    expect(runTable.data[0]).toMatchObject({
      key: "a015g00000AbCdEAAV",
      status: "Partial",
      failedCount: 1,
      message: "GBP: INVALID_FIELD",
      when: "2026-11-28T01:00:09.000Z"
    });
    expect(runTable.data[1]).toMatchObject({
      key: "RUN-000001",
      when: "2026-11-27T01:00:02.000Z"
    });

    expect(byId(element, "schedule-cron").textContent).toBe("0 0 1 * * ?");
    expect(byId(element, "schedule-state").textContent).toBe("WAITING");
    expect(byId(element, "not-scheduled")).toBeNull();
    expect(byId(element, "connection-untested").textContent).toContain(
      "DatedRatesOrgApi"
    );
    expect(byId(element, "no-permission")).toBeNull();
    expect(byId(element, "acm-warning")).toBeNull();
    expect(byId(element, "settings-warning")).toBeNull();
    expect(byId(element, "load-error")).toBeNull();
  });

  it("enables every action for a user with DatedRatesManage", async () => {
    const element = mount();
    getConsoleState.emit(withState({}));
    await flushPromises();

    BUTTONS.forEach((id) => expect(byId(element, id).disabled).toBe(false));
    expect(byId(element, "run-date").disabled).toBe(false);
    expect(byId(element, "run-now").label).toBe("Run now");
  });

  it("disables every action and says why for a user without DatedRatesManage", async () => {
    const element = mount();
    getConsoleState.emit(withState({ canManage: false }));
    await flushPromises();

    BUTTONS.forEach((id) => expect(byId(element, id).disabled).toBe(true));
    expect(byId(element, "run-date").disabled).toBe(true);
    expect(byId(element, "no-permission").textContent).toContain(
      "DatedRatesAdmin"
    );
  });

  it("shows what to do when there are no currencies, no runs and no schedule", async () => {
    const element = mount();
    getConsoleState.emit(
      withState({
        currencies: [],
        runs: [],
        schedule: {
          scheduled: false,
          configuredCron: "0 30 2 * * ?",
          jobName: "Dated Rates Daily Roll-Forward"
        }
      })
    );
    await flushPromises();

    expect(byId(element, "currency-table")).toBeNull();
    expect(byId(element, "no-currencies").textContent).toContain(
      "Manage Currencies"
    );
    expect(byId(element, "trend-chart")).toBeNull();
    expect(byId(element, "run-table")).toBeNull();
    expect(byId(element, "no-runs").textContent).toContain("Run now");
    expect(byId(element, "not-scheduled").textContent).toContain(
      "0 30 2 * * ?"
    );
    expect(byId(element, "unschedule").disabled).toBe(true);
    expect(byId(element, "schedule").disabled).toBe(false);
    expect(getRateHistory.getLastConfig()).toEqual({
      isoCode: undefined,
      maxRows: 30
    });
  });

  it("names the settings field when the schedule has no configured cron", async () => {
    const element = mount();
    getConsoleState.emit(withState({ schedule: { scheduled: false } }));
    await flushPromises();

    expect(byId(element, "not-scheduled").textContent).toContain(
      "ScheduleCron__c"
    );
  });

  it("warns when ACM is off and when the settings are invalid", async () => {
    const element = mount();
    getConsoleState.emit(
      withState({
        advancedCurrencyManagement: false,
        settingsMessage:
          "DatedRateSetting.Default is invalid: NamedCredential__c is blank"
      })
    );
    await flushPromises();

    expect(byId(element, "acm").textContent).toBe("Disabled");
    expect(byId(element, "acm-warning").textContent).toContain(
      "Enable Advanced Currency Management"
    );
    expect(byId(element, "settings-warning").textContent).toContain(
      "NamedCredential__c is blank"
    );
  });

  it("shows the load error with what to check", async () => {
    const element = mount();
    getConsoleState.error({ message: "Insufficient privileges" });
    await flushPromises();

    const panel = byId(element, "load-error");
    expect(panel.getAttribute("role")).toBe("alert");
    expect(panel.textContent).toContain("Insufficient privileges");
    expect(panel.textContent).toContain("DatedRatesAdmin");
    expect(byId(element, "header")).toBeNull();
    expect(element.shadowRoot.querySelector("lightning-spinner")).toBeNull();
  });

  it("charts the first currency and switches when another is chosen", async () => {
    const element = mount();
    getConsoleState.emit(withState({}));
    await flushPromises();

    expect(getRateHistory.getLastConfig()).toEqual({
      isoCode: "EUR",
      maxRows: 30
    });
    const picker = byId(element, "currency-picker");
    expect(picker.label).toBe("Currency");
    expect(picker.value).toBe("EUR");
    expect(picker.options.map((option) => option.value)).toEqual([
      "EUR",
      "GBP",
      "JPY"
    ]);

    getRateHistory.emit(HISTORY);
    await flushPromises();
    const chart = byId(element, "trend-chart");
    expect(chart.isoCode).toBe("EUR");
    expect(chart.rates).toEqual(HISTORY);
    const svg = chart.shadowRoot.querySelector("svg");
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("aria-label")).toBe(
      "EUR rates from 2026-11-26 to 2026-11-28: lowest 1, highest 1.1, latest 1.1."
    );
    expect(
      chart.shadowRoot.querySelector("polyline").getAttribute("points")
    ).toBe("12,108 160,60 308,12");
    expect(chart.shadowRoot.querySelectorAll("circle")).toHaveLength(3);
    expect(
      chart.shadowRoot.querySelector('[data-id="chart-caption"]').textContent
    ).toContain("+10 %");

    picker.dispatchEvent(
      new CustomEvent("change", { detail: { value: "GBP" } })
    );
    await flushPromises();
    expect(getRateHistory.getLastConfig()).toEqual({
      isoCode: "GBP",
      maxRows: 30
    });
  });

  it("keeps the chosen currency across a refresh while it still exists", async () => {
    const element = mount();
    getConsoleState.emit(withState({}));
    await flushPromises();
    byId(element, "currency-picker").dispatchEvent(
      new CustomEvent("change", { detail: { value: "GBP" } })
    );
    getConsoleState.emit(withState({}));
    await flushPromises();

    expect(byId(element, "currency-picker").value).toBe("GBP");
  });

  it("draws a single point without a line and says when a currency has no rates", async () => {
    const element = mount();
    getConsoleState.emit(withState({}));
    await flushPromises();

    getRateHistory.emit([{ startDate: "2026-11-28", rate: 1.1 }]);
    await flushPromises();
    let chart = byId(element, "trend-chart");
    expect(chart.shadowRoot.querySelector("polyline")).toBeNull();
    expect(chart.shadowRoot.querySelectorAll("circle")).toHaveLength(1);

    getRateHistory.emit([]);
    await flushPromises();
    chart = byId(element, "trend-chart");
    expect(chart.shadowRoot.querySelector("svg")).toBeNull();
    expect(
      chart.shadowRoot.querySelector('[data-id="chart-empty"]').textContent
    ).toContain("EUR");
  });

  it("shows the history error instead of the chart", async () => {
    const element = mount();
    getConsoleState.emit(withState({}));
    await flushPromises();

    getRateHistory.error({
      message: "The rate history of EUR could not be read: boom"
    });
    await flushPromises();
    expect(byId(element, "trend-chart")).toBeNull();
    expect(byId(element, "history-error").textContent).toContain("boom");
  });
});
