import { LightningElement, wire } from "lwc";
import { refreshApex } from "@salesforce/apex";
import { ShowToastEvent } from "lightning/platformShowToastEvent";
import getConsoleState from "@salesforce/apex/DatedRatesConsoleController.getConsoleState";
import getRateHistory from "@salesforce/apex/DatedRatesConsoleController.getRateHistory";
import runNow from "@salesforce/apex/DatedRatesConsoleController.runNow";
import scheduleDaily from "@salesforce/apex/DatedRatesConsoleController.scheduleDaily";
import unschedule from "@salesforce/apex/DatedRatesConsoleController.unschedule";
import testConnection from "@salesforce/apex/DatedRatesConsoleController.testConnection";
import startBackfill from "@salesforce/apex/DatedRatesConsoleController.startBackfill";
import previewPrune from "@salesforce/apex/DatedRatesConsoleController.previewPrune";
import pruneRates from "@salesforce/apex/DatedRatesConsoleController.pruneRates";
import {
  CURRENCY_COLUMNS,
  RUN_COLUMNS,
  rangeProblem,
  reduceError,
  toCurrencyRows,
  toRunRows
} from "./consoleFormat";

/** How many recent rates the trend chart shows. */
export const HISTORY_ROWS = 30;

const BUSY_TEXT = {
  run: "Starting the roll-forward…",
  schedule: "Scheduling…",
  unschedule: "Unscheduling…",
  connection: "Testing the connection…",
  backfill: "Starting the backfill…",
  preview: "Counting the rates to prune…",
  prune: "Deleting the rates…"
};

/**
 * Admin console of the dated-rate roll-forward: state (cacheable Apex, refreshed after every
 * action), trend chart, runs, schedule, connection and the actions, which need the custom
 * permission DatedRatesManage (the controller reports it as `canManage`).
 */
export default class DatedRatesConsole extends LightningElement {
  currencyColumns = CURRENCY_COLUMNS;
  runColumns = RUN_COLUMNS;
  historyRows = HISTORY_ROWS;

  state;
  loadError;
  wiredState;

  selectedIsoCode;
  history;
  historyError;
  wiredHistory;

  runDate = null;
  busyAction = null;
  connection;

  rangeFrom = null;
  rangeTo = null;
  rangeSources = "";
  rangeError;
  /** The prune plan waiting for confirmation, or null. */
  prunePlan = null;

  @wire(getConsoleState)
  wiredConsoleState(result) {
    this.wiredState = result;
    const { data, error } = result;
    if (data) {
      this.state = data;
      this.loadError = undefined;
      const codes = (data.currencies || []).map((row) => row.isoCode);
      if (!codes.includes(this.selectedIsoCode)) {
        this.selectedIsoCode = codes.length ? codes[0] : undefined;
      }
    } else if (error) {
      this.state = undefined;
      this.loadError = reduceError(error);
    }
  }

  @wire(getRateHistory, {
    isoCode: "$selectedIsoCode",
    maxRows: "$historyRows"
  })
  wiredRateHistory(result) {
    this.wiredHistory = result;
    const { data, error } = result;
    if (data) {
      this.history = data;
      this.historyError = undefined;
    } else if (error) {
      this.history = undefined;
      this.historyError = reduceError(error);
    }
  }

  // ----- view state -------------------------------------------------------------------------

  get isLoading() {
    return !this.state && !this.loadError;
  }

  get hasState() {
    return Boolean(this.state);
  }

  get canManage() {
    return Boolean(this.state && this.state.canManage);
  }

  get cannotManage() {
    return !this.canManage;
  }

  get isBusy() {
    return this.busyAction !== null;
  }

  get ariaBusy() {
    return this.isBusy ? "true" : "false";
  }

  get busyText() {
    return this.isBusy ? BUSY_TEXT[this.busyAction] : "";
  }

  get actionsDisabled() {
    return !this.canManage || this.isBusy;
  }

  get unscheduleDisabled() {
    return this.actionsDisabled || !this.isScheduled;
  }

  get acmLabel() {
    return this.state && this.state.advancedCurrencyManagement
      ? "Enabled"
      : "Disabled";
  }

  get acmDisabled() {
    return Boolean(this.state) && !this.state.advancedCurrencyManagement;
  }

  get currencyRows() {
    return toCurrencyRows(this.state && this.state.currencies);
  }

  get hasCurrencies() {
    return this.currencyRows.length > 0;
  }

  get missingTodayCount() {
    return this.currencyRows.filter((row) => !row.hasTodayRate && !row.excluded)
      .length;
  }

  get currencyOptions() {
    return this.currencyRows.map((row) => ({
      label: row.isoCode,
      value: row.isoCode
    }));
  }

  get runRows() {
    return toRunRows(this.state && this.state.runs);
  }

  get hasRuns() {
    return this.runRows.length > 0;
  }

  get schedule() {
    return (this.state && this.state.schedule) || {};
  }

  get isScheduled() {
    return Boolean(this.schedule.scheduled);
  }

  get configuredCron() {
    return (
      this.schedule.configuredCron ||
      "the ScheduleCron__c of DatedRateSetting.Default"
    );
  }

  get namedCredential() {
    return (
      (this.connection && this.connection.namedCredential) ||
      (this.state && this.state.namedCredential) ||
      "DatedRatesOrgApi"
    );
  }

  get connectionTested() {
    return Boolean(this.connection);
  }

  get connectionOk() {
    return Boolean(this.connection && this.connection.ok);
  }

  get connectionStatusText() {
    const connection = this.connection || {};
    const message = connection.message || "";
    // The status is added unless the message already names it.
    const status =
      connection.statusCode &&
      !message.includes(`HTTP ${connection.statusCode}`)
        ? ` (HTTP ${connection.statusCode})`
        : "";
    return `${message}${status}`;
  }

  get lastRunSourceCounts() {
    return (this.state && this.state.lastRunSourceCounts) || [];
  }

  get hasLastRunSourceCounts() {
    return this.lastRunSourceCounts.length > 0;
  }

  get maxRangeDays() {
    return (this.state && this.state.maxRangeDays) || 366;
  }

  get rangeHelp() {
    return `At most ${this.maxRangeDays} days, ending today or earlier.`;
  }

  get pruneConfirmLabel() {
    const count = this.prunePlan ? this.prunePlan.projectCount : 0;
    return `Delete ${count} rate${count === 1 ? "" : "s"}`;
  }

  get pruneConfirmDisabled() {
    return this.isBusy || !this.prunePlan || !this.prunePlan.projectCount;
  }

  // ----- handlers ---------------------------------------------------------------------------

  handleRangeChange(event) {
    const field = event.target.dataset.id;
    const value = event.detail.value || null;
    if (field === "range-from") {
      this.rangeFrom = value;
    } else if (field === "range-to") {
      this.rangeTo = value;
    } else {
      this.rangeSources = value || "";
    }
    this.rangeError = undefined;
    this.prunePlan = null;
  }

  /** The range's problem, shown next to the inputs; true when the range may be sent. */
  checkRange() {
    this.rangeError =
      rangeProblem(
        this.rangeFrom,
        this.rangeTo,
        this.state && this.state.targetDate,
        this.maxRangeDays
      ) || undefined;
    return !this.rangeError;
  }

  handleBackfill() {
    if (!this.checkRange()) {
      return undefined;
    }
    return this.perform(
      "backfill",
      () =>
        startBackfill({
          fromDate: this.rangeFrom,
          toDate: this.rangeTo,
          sources: this.rangeSources || null
        }),
      "Backfill started"
    );
  }

  /** First step of a prune: count what it would delete and ask for confirmation. */
  async handlePrunePreview() {
    this.prunePlan = null;
    if (!this.checkRange()) {
      return;
    }
    this.busyAction = "preview";
    try {
      this.prunePlan = await previewPrune({
        fromDate: this.rangeFrom,
        toDate: this.rangeTo
      });
    } catch (error) {
      this.toast("Prune failed", reduceError(error), "error");
    } finally {
      this.busyAction = null;
    }
  }

  handlePruneCancel() {
    this.prunePlan = null;
  }

  async handlePruneConfirm() {
    const plan = this.prunePlan;
    this.prunePlan = null;
    await this.perform(
      "prune",
      () => pruneRates({ fromDate: plan.fromDate, toDate: plan.toDate }),
      "Rates pruned"
    );
  }

  handleCurrencyChange(event) {
    this.selectedIsoCode = event.detail.value;
  }

  handleRunDateChange(event) {
    this.runDate = event.detail.value || null;
  }

  handleRunNow() {
    return this.perform(
      "run",
      () => runNow({ targetDate: this.runDate }),
      "Roll-forward started"
    );
  }

  handleSchedule() {
    return this.perform(
      "schedule",
      () => scheduleDaily(),
      "Roll-forward scheduled"
    );
  }

  handleUnschedule() {
    return this.perform(
      "unschedule",
      () => unschedule(),
      "Roll-forward unscheduled"
    );
  }

  async handleTestConnection() {
    const result = await this.perform(
      "connection",
      () => testConnection(),
      null
    );
    if (result) {
      this.connection = result;
    }
  }

  /**
   * Runs one action: spinner while it works, a toast with the outcome, then a refresh of the
   * wired data whatever happened.
   */
  async perform(action, call, successTitle) {
    this.busyAction = action;
    let result;
    try {
      result = await call();
      if (action === "connection") {
        this.toastConnection(result);
      } else {
        this.toast(successTitle, result && result.message, "success");
      }
    } catch (error) {
      this.toast("Action failed", reduceError(error), "error");
    } finally {
      this.busyAction = null;
      await this.refresh();
    }
    return result;
  }

  toastConnection(result) {
    if (result && result.ok) {
      this.toast("Connection works", result.message, "success");
    } else {
      const fix = result && result.fix ? ` Fix: ${result.fix}` : "";
      this.toast(
        "Connection failed",
        `${(result && result.message) || ""}${fix}`,
        "error"
      );
    }
  }

  async refresh() {
    try {
      const wired = [this.wiredState, this.wiredHistory].filter(Boolean);
      await Promise.all(wired.map((result) => refreshApex(result)));
    } catch (error) {
      this.toast(
        "Refresh failed",
        `${reduceError(error)} Reload the page.`,
        "warning"
      );
    }
  }

  toast(title, message, variant) {
    this.dispatchEvent(
      new ShowToastEvent({ title, message: message || "", variant })
    );
  }
}
