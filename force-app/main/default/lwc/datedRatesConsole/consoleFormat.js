/**
 * Table columns and view-model mapping for the Dated Rates console. Kept apart from the
 * component so that the component holds behaviour only.
 */

const RATE_DIGITS = { minimumFractionDigits: 2, maximumFractionDigits: 6 };

/** Source column of a rate the project did not write (entered by hand, or before rate sources). */
export const NOT_RECORDED = "Not recorded";

const DAY_MS = 86400000;

/**
 * Checks a backfill or prune range in the browser before any Apex call (the controller checks it
 * again): both dates, from ≤ to, not after the target date (today in the org's time zone), at most
 * `maxDays` days.
 * @param {string} from first date, YYYY-MM-DD
 * @param {string} to last date, YYYY-MM-DD
 * @param {string} today the org's today, YYYY-MM-DD
 * @param {number} maxDays the longest range (MaxBackfillDays__c)
 * @returns {string|null} what is wrong, or null when the range is valid
 */
export function rangeProblem(from, to, today, maxDays) {
  if (!from || !to) {
    return "Choose both a From and a To date.";
  }
  if (from > to) {
    return `From (${from}) is after To (${to}); the range must start on or before its end.`;
  }
  if (today && to > today) {
    return `To (${to}) is in the future (today is ${today} in the org's time zone); rates of future days are not published yet.`;
  }
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
  if (maxDays && days > maxDays) {
    return `The range has ${days} days; at most ${maxDays} (MaxBackfillDays__c). Choose a shorter range.`;
  }
  return null;
}

export const CURRENCY_COLUMNS = [
  { label: "Currency", fieldName: "isoCode", type: "text", initialWidth: 110 },
  {
    label: "Latest rate",
    fieldName: "latestRate",
    type: "number",
    typeAttributes: RATE_DIGITS
  },
  { label: "Start date", fieldName: "latestStartDate", type: "date-local" },
  {
    label: "Previous rate",
    fieldName: "previousRate",
    type: "number",
    typeAttributes: RATE_DIGITS
  },
  {
    label: "Change",
    fieldName: "changeFraction",
    type: "percent",
    typeAttributes: { minimumFractionDigits: 2, maximumFractionDigits: 2 }
  },
  { label: "Source", fieldName: "sourceLabel", type: "text" },
  { label: "Fixing date", fieldName: "fixingDate", type: "date-local" },
  {
    label: "Today's rate",
    fieldName: "todayLabel",
    type: "text",
    cellAttributes: {
      iconName: { fieldName: "todayIcon" },
      iconAlternativeText: { fieldName: "todayLabel" }
    }
  }
];

export const RUN_COLUMNS = [
  { label: "Run", fieldName: "name", type: "text", initialWidth: 120 },
  { label: "Status", fieldName: "status", type: "text", initialWidth: 100 },
  { label: "Target date", fieldName: "targetDate", type: "date-local" },
  {
    label: "Created",
    fieldName: "createdCount",
    type: "number",
    initialWidth: 90
  },
  {
    label: "Updated",
    fieldName: "updatedCount",
    type: "number",
    initialWidth: 90
  },
  {
    label: "Skipped",
    fieldName: "skippedCount",
    type: "number",
    initialWidth: 90
  },
  {
    label: "Failed",
    fieldName: "failedCount",
    type: "number",
    initialWidth: 90
  },
  { label: "Sources", fieldName: "sourceCounts", type: "text" },
  { label: "Errors", fieldName: "message", type: "text", wrapText: true },
  {
    label: "When",
    fieldName: "when",
    type: "date",
    typeAttributes: {
      year: "numeric",
      month: "short",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit"
    }
  }
];

/**
 * Adds the display fields the currency table needs.
 * @param {Array<object>} currencies CurrencyRow wrappers from the controller
 * @returns {Array<object>} rows for lightning-datatable
 */
export function toCurrencyRows(currencies) {
  return (currencies || []).map((row) => {
    let todayLabel = "Missing";
    let todayIcon = "utility:warning";
    if (row.hasTodayRate) {
      todayLabel = "Present";
      todayIcon = "utility:success";
    } else if (row.excluded) {
      todayLabel = "Excluded";
      todayIcon = "utility:ban";
    }
    const hasChange =
      row.changePercent !== null && row.changePercent !== undefined;
    return {
      ...row,
      changeFraction: hasChange ? row.changePercent / 100 : null,
      sourceLabel: row.source || NOT_RECORDED,
      fixingDate: row.fixingDate || null,
      todayLabel,
      todayIcon
    };
  });
}

/**
 * Adds a key and the "when" column to the runs.
 * @param {Array<object>} runs RunRow wrappers from the controller, newest first
 * @returns {Array<object>} rows for lightning-datatable
 */
export function toRunRows(runs) {
  return (runs || []).map((run, index) => ({
    ...run,
    key: run.id || run.name || `run-${index}`,
    when: run.finishedAt || run.startedAt || null
  }));
}

/**
 * Turns an Apex, LDS or JavaScript error into one readable message.
 * @param {*} error what was thrown or provisioned
 * @returns {string} the message
 */
export function reduceError(error) {
  if (!error) {
    return "Unknown error.";
  }
  if (typeof error === "string") {
    return error;
  }
  const body = error.body;
  if (Array.isArray(body)) {
    return (
      body
        .map((entry) => entry && entry.message)
        .filter(Boolean)
        .join(" ") || "Unknown error."
    );
  }
  if (body && typeof body.message === "string" && body.message) {
    return body.message;
  }
  if (typeof error.message === "string" && error.message) {
    return error.message;
  }
  return error.statusText || "Unknown error.";
}
