/**
 * Table columns and view-model mapping for the Dated Rates console. Kept apart from the
 * component so that the component holds behaviour only.
 */

const RATE_DIGITS = { minimumFractionDigits: 2, maximumFractionDigits: 6 };

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
