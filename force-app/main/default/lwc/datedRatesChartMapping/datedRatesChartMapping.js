/**
 * Maps dated rates to SVG coordinates for the console's trend chart. Pure functions only:
 * no DOM, no Apex, so that every case (empty, one point, flat line, unsorted input) is unit tested.
 *
 * Coordinates: x grows with the start date (proportional to the days between rates), y grows
 * downwards as in SVG, so the highest rate is at the top padding and the lowest at the bottom.
 */

/** Default drawing area in SVG user units (the chart's viewBox). */
export const CHART_SIZE = Object.freeze({
  width: 320,
  height: 120,
  padding: 12
});

const EMPTY_CHART = Object.freeze({
  isEmpty: true,
  isSinglePoint: false,
  points: [],
  polyline: "",
  min: null,
  max: null,
  first: null,
  last: null,
  changePercent: null
});

/**
 * Parses a `YYYY-MM-DD` date (as Apex serialises a Date) to a UTC timestamp.
 * @param {string} value the date
 * @returns {number} milliseconds since the epoch, NaN when the value is not such a date
 */
export function parseDate(value) {
  if (typeof value !== "string") {
    return NaN;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) {
    return NaN;
  }
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function round(value) {
  return Math.round(value * 100) / 100;
}

/**
 * Keeps the usable rates (a finite rate and a valid start date), sorted oldest first; when two
 * rates share a start date the later one in the input wins.
 * @param {Array<{startDate: string, rate: number}>} rates the rates in any order
 * @returns {Array<{startDate: string, rate: number, time: number}>} the clean series
 */
export function cleanSeries(rates) {
  const byTime = new Map();
  (Array.isArray(rates) ? rates : []).forEach((entry) => {
    const time = parseDate(entry && entry.startDate);
    const rate =
      entry === null || entry === undefined ? NaN : Number(entry.rate);
    if (
      entry &&
      entry.rate !== null &&
      entry.rate !== "" &&
      Number.isFinite(rate) &&
      !Number.isNaN(time)
    ) {
      byTime.set(time, { startDate: entry.startDate, rate, time });
    }
  });
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

/**
 * Start date of a currency's first dated-rate period in Advanced Currency Management: the rate that applies
 * before any other. Charted on a day axis it would squeeze every real change into the last pixel.
 */
export const FIRST_PERIOD_START = "0001-01-01";

/**
 * Drops the first-period rate from a series that has later rates.
 * @param {Array<{startDate: string}>} series the clean series, oldest first
 * @returns {Array<object>} the series to chart
 */
export function withoutFirstPeriod(series) {
  return series.length > 1 && series[0].startDate === FIRST_PERIOD_START
    ? series.slice(1)
    : series;
}

/**
 * Maps rates to chart points (a first-period rate, from 0001-01-01, is left out when later rates exist).
 * @param {Array<{startDate: string, rate: number}>} rates the rates, in any order
 * @param {{width: number, height: number, padding: number}} [size] the drawing area
 * @returns {{isEmpty: boolean, isSinglePoint: boolean, points: Array<object>, polyline: string,
 *   min: ?number, max: ?number, first: ?object, last: ?object, changePercent: ?number}}
 */
export function mapRatesToChart(rates, size = CHART_SIZE) {
  const series = withoutFirstPeriod(cleanSeries(rates));
  if (series.length === 0) {
    return { ...EMPTY_CHART, points: [] };
  }
  const { width, height, padding } = size;
  const innerWidth = width - 2 * padding;
  const innerHeight = height - 2 * padding;
  const values = series.map((entry) => entry.rate);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const firstTime = series[0].time;
  const span = series[series.length - 1].time - firstTime;

  const points = series.map((entry, index) => {
    const x =
      span === 0
        ? width / 2
        : padding + ((entry.time - firstTime) / span) * innerWidth;
    const y =
      max === min
        ? height / 2
        : padding + ((max - entry.rate) / (max - min)) * innerHeight;
    return {
      key: `${entry.startDate}-${index}`,
      x: round(x),
      y: round(y),
      rate: entry.rate,
      startDate: entry.startDate,
      label: `${entry.startDate}: ${entry.rate}`
    };
  });
  const first = points[0];
  const last = points[points.length - 1];
  return {
    isEmpty: false,
    isSinglePoint: points.length === 1,
    points,
    polyline: points.map((point) => `${point.x},${point.y}`).join(" "),
    min,
    max,
    first,
    last,
    changePercent:
      points.length > 1 && first.rate !== 0
        ? round(((last.rate - first.rate) / first.rate) * 100)
        : null
  };
}

/**
 * A sentence describing the chart for assistive technology (the SVG's accessible name).
 * @param {object} chart the result of mapRatesToChart
 * @param {string} isoCode the currency shown
 * @returns {string} the description
 */
export function describeChart(chart, isoCode) {
  const currency = isoCode || "the selected currency";
  if (!chart || chart.isEmpty) {
    return `No dated rates for ${currency}.`;
  }
  if (chart.isSinglePoint) {
    return `One dated rate for ${currency}: ${chart.first.rate} from ${chart.first.startDate}.`;
  }
  return (
    `${currency} rates from ${chart.first.startDate} to ${chart.last.startDate}: ` +
    `lowest ${chart.min}, highest ${chart.max}, latest ${chart.last.rate}.`
  );
}
