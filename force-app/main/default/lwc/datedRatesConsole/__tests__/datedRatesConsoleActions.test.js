import { createElement } from "lwc";
import DatedRatesConsole from "c/datedRatesConsole";
import { refreshApex } from "@salesforce/apex";
import getConsoleState from "@salesforce/apex/DatedRatesConsoleController.getConsoleState";
import getRateHistory from "@salesforce/apex/DatedRatesConsoleController.getRateHistory";
import runNow from "@salesforce/apex/DatedRatesConsoleController.runNow";
import scheduleDaily from "@salesforce/apex/DatedRatesConsoleController.scheduleDaily";
import unschedule from "@salesforce/apex/DatedRatesConsoleController.unschedule";
import testConnection from "@salesforce/apex/DatedRatesConsoleController.testConnection";

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
// Imperative Apex
jest.mock(
  "@salesforce/apex/DatedRatesConsoleController.runNow",
  () => ({ default: jest.fn() }),
  { virtual: true }
);
jest.mock(
  "@salesforce/apex/DatedRatesConsoleController.scheduleDaily",
  () => ({ default: jest.fn() }),
  {
    virtual: true
  }
);
jest.mock(
  "@salesforce/apex/DatedRatesConsoleController.unschedule",
  () => ({ default: jest.fn() }),
  {
    virtual: true
  }
);
jest.mock(
  "@salesforce/apex/DatedRatesConsoleController.testConnection",
  () => ({ default: jest.fn() }),
  {
    virtual: true
  }
);
jest.mock(
  "@salesforce/apex",
  () => ({ refreshApex: jest.fn(() => Promise.resolve()) }),
  { virtual: true }
);

const STATE = require("./data/getConsoleState.json");
const HISTORY = require("./data/getRateHistory.json");
const TOAST_EVENT = "lightning__showtoast";
const APEX_ERROR = {
  body: {
    message:
      "You need the custom permission DatedRatesManage to run the roll-forward."
  }
};

function flushPromises() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function byId(element, id) {
  return element.shadowRoot.querySelector(`[data-id="${id}"]`);
}

async function mountLoaded() {
  const element = createElement("c-dated-rates-console", {
    is: DatedRatesConsole
  });
  const toasts = [];
  element.addEventListener(TOAST_EVENT, (event) => toasts.push(event.detail));
  document.body.appendChild(element);
  getConsoleState.emit(JSON.parse(JSON.stringify(STATE)));
  getRateHistory.emit(HISTORY);
  await flushPromises();
  return { element, toasts };
}

function expectRefreshed() {
  expect(refreshApex).toHaveBeenCalledTimes(2);
  const refreshed = refreshApex.mock.calls.map((call) => call[0].data);
  expect(refreshed).toContainEqual(STATE);
  expect(refreshed).toContainEqual(HISTORY);
}

describe("c-dated-rates-console actions", () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
    jest.clearAllMocks();
  });

  it("runs now for the chosen date: spinner while working, success toast, refresh", async () => {
    let finish;
    runNow.mockReturnValue(
      new Promise((resolve) => {
        finish = resolve;
      })
    );
    const { element, toasts } = await mountLoaded();

    const dateInput = byId(element, "run-date");
    expect(dateInput.type).toBe("date");
    dateInput.dispatchEvent(
      new CustomEvent("change", { detail: { value: "2026-12-01" } })
    );
    byId(element, "run-now").click();
    await flushPromises();

    expect(runNow).toHaveBeenCalledWith({ targetDate: "2026-12-01" });
    const spinner = byId(element, "busy").querySelector("lightning-spinner");
    expect(spinner.alternativeText).toBe("Starting the roll-forward…");
    expect(
      element.shadowRoot.querySelector(".console").getAttribute("aria-busy")
    ).toBe("true");
    expect(byId(element, "run-now").disabled).toBe(true);
    expect(byId(element, "test-connection").disabled).toBe(true);
    expect(refreshApex).not.toHaveBeenCalled();

    finish({
      ok: true,
      message: "Roll-forward queued for 2026-12-01 (job 707000000000001).",
      jobId: "707000000000001"
    });
    await flushPromises();

    expect(toasts).toEqual([
      {
        title: "Roll-forward started",
        message: "Roll-forward queued for 2026-12-01 (job 707000000000001).",
        variant: "success"
      }
    ]);
    expect(byId(element, "busy").querySelector("lightning-spinner")).toBeNull();
    expect(byId(element, "run-now").disabled).toBe(false);
    expect(
      element.shadowRoot.querySelector(".console").getAttribute("aria-busy")
    ).toBe("false");
    expectRefreshed();
  });

  it("runs now without a date when the input is cleared", async () => {
    runNow.mockResolvedValue({ ok: true, message: "queued" });
    const { element } = await mountLoaded();

    const dateInput = byId(element, "run-date");
    dateInput.dispatchEvent(
      new CustomEvent("change", { detail: { value: "2026-12-01" } })
    );
    dateInput.dispatchEvent(
      new CustomEvent("change", { detail: { value: "" } })
    );
    byId(element, "run-now").click();
    await flushPromises();

    expect(runNow).toHaveBeenCalledWith({ targetDate: null });
  });

  it("reports a failed run with the Apex message and still refreshes", async () => {
    runNow.mockRejectedValue(APEX_ERROR);
    const { element, toasts } = await mountLoaded();

    byId(element, "run-now").click();
    await flushPromises();

    expect(toasts).toEqual([
      {
        title: "Action failed",
        message: APEX_ERROR.body.message,
        variant: "error"
      }
    ]);
    expect(byId(element, "run-now").disabled).toBe(false);
    expectRefreshed();
  });

  it("schedules daily", async () => {
    scheduleDaily.mockResolvedValue({
      ok: true,
      message: 'Scheduled "Dated Rates Daily Roll-Forward".'
    });
    const { element, toasts } = await mountLoaded();

    byId(element, "schedule").click();
    await flushPromises();

    expect(scheduleDaily).toHaveBeenCalledTimes(1);
    expect(toasts).toEqual([
      {
        title: "Roll-forward scheduled",
        message: 'Scheduled "Dated Rates Daily Roll-Forward".',
        variant: "success"
      }
    ]);
    expectRefreshed();
  });

  it("reports a failed schedule", async () => {
    scheduleDaily.mockRejectedValue({
      body: { message: "The roll-forward could not be scheduled: bad cron" }
    });
    const { element, toasts } = await mountLoaded();

    byId(element, "schedule").click();
    await flushPromises();

    expect(toasts).toEqual([
      {
        title: "Action failed",
        message: "The roll-forward could not be scheduled: bad cron",
        variant: "error"
      }
    ]);
    expectRefreshed();
  });

  it("unschedules", async () => {
    unschedule.mockResolvedValue({
      ok: true,
      message: 'Unscheduled "Dated Rates Daily Roll-Forward".'
    });
    const { element, toasts } = await mountLoaded();

    byId(element, "unschedule").click();
    await flushPromises();

    expect(unschedule).toHaveBeenCalledTimes(1);
    expect(toasts[0]).toEqual({
      title: "Roll-forward unscheduled",
      message: 'Unscheduled "Dated Rates Daily Roll-Forward".',
      variant: "success"
    });
    expectRefreshed();
  });

  it("reports a failed unschedule given as an array of errors", async () => {
    unschedule.mockRejectedValue({
      body: [
        { message: "The schedule could not be removed." },
        { message: "Retry." }
      ]
    });
    const { element, toasts } = await mountLoaded();

    byId(element, "unschedule").click();
    await flushPromises();

    expect(toasts[0]).toEqual({
      title: "Action failed",
      message: "The schedule could not be removed. Retry.",
      variant: "error"
    });
    expectRefreshed();
  });

  it("tests the connection and shows that it works", async () => {
    testConnection.mockResolvedValue({
      ok: true,
      statusCode: 200,
      // DatedRateConnectionCheck's own wording, which already names the status.
      message:
        "Named Credential DatedRatesOrgApi reached REST API v65.0 (HTTP 200).",
      namedCredential: "DatedRatesOrgApi"
    });
    const { element, toasts } = await mountLoaded();

    byId(element, "test-connection").click();
    await flushPromises();

    expect(toasts[0]).toEqual({
      title: "Connection works",
      message:
        "Named Credential DatedRatesOrgApi reached REST API v65.0 (HTTP 200).",
      variant: "success"
    });
    expect(byId(element, "connection-ok").textContent).toBe(
      "Named Credential DatedRatesOrgApi reached REST API v65.0 (HTTP 200)."
    );
    expect(byId(element, "connection-untested")).toBeNull();
    expectRefreshed();
  });

  it("shows a failed connection with the fix to apply", async () => {
    testConnection.mockResolvedValue({
      ok: false,
      statusCode: 401,
      message: "INVALID_SESSION_ID: Session expired or invalid",
      fix: "Authenticate the principal DatedRatesNamedPrincipal of the external credential DatedRatesOrgApi.",
      namedCredential: "OtherCredential"
    });
    const { element, toasts } = await mountLoaded();

    byId(element, "test-connection").click();
    await flushPromises();

    expect(toasts[0].variant).toBe("error");
    expect(toasts[0].title).toBe("Connection failed");
    expect(toasts[0].message).toBe(
      "INVALID_SESSION_ID: Session expired or invalid Fix: Authenticate the principal DatedRatesNamedPrincipal of the external credential DatedRatesOrgApi."
    );
    const panel = byId(element, "connection-failed");
    expect(panel.getAttribute("role")).toBe("alert");
    expect(panel.textContent).toContain("(HTTP 401)");
    expect(byId(element, "connection-fix").textContent).toContain(
      "Authenticate the principal"
    );
    expect(panel.textContent).toContain(
      "External Credentials → OtherCredential → Principals → Authenticate"
    );
    expect(panel.textContent).toContain("DatedRatesAdmin");
    expectRefreshed();
  });

  it("shows a failed connection without a fix or status code", async () => {
    testConnection.mockResolvedValue({
      ok: false,
      message: "Unauthorized endpoint"
    });
    const { element, toasts } = await mountLoaded();

    byId(element, "test-connection").click();
    await flushPromises();

    expect(toasts[0]).toEqual({
      title: "Connection failed",
      message: "Unauthorized endpoint",
      variant: "error"
    });
    expect(byId(element, "connection-fix")).toBeNull();
    expect(byId(element, "connection-failed").textContent).toContain(
      "DatedRatesOrgApi"
    );
  });

  it("reports a connection test that could not run", async () => {
    testConnection.mockRejectedValue(APEX_ERROR);
    const { element, toasts } = await mountLoaded();

    byId(element, "test-connection").click();
    await flushPromises();

    expect(toasts[0]).toEqual({
      title: "Action failed",
      message: APEX_ERROR.body.message,
      variant: "error"
    });
    expect(byId(element, "connection-untested")).not.toBeNull();
    expectRefreshed();
  });

  it("warns when the refresh after an action fails", async () => {
    scheduleDaily.mockResolvedValue({ ok: true, message: "Scheduled." });
    refreshApex.mockImplementationOnce(() =>
      Promise.reject(new Error("network down"))
    );
    const { element, toasts } = await mountLoaded();

    byId(element, "schedule").click();
    await flushPromises();

    expect(toasts.map((toast) => toast.variant)).toEqual([
      "success",
      "warning"
    ]);
    expect(toasts[1]).toEqual({
      title: "Refresh failed",
      message: "network down Reload the page.",
      variant: "warning"
    });
  });
});
