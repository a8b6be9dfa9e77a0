import { LightningElement, api } from "lwc";
import {
  CHART_SIZE,
  describeChart,
  mapRatesToChart
} from "c/datedRatesChartMapping";

/**
 * Inline SVG line chart of one currency's recent dated rates (no library, no CDN).
 * The data mapping lives in c/datedRatesChartMapping.
 */
export default class DatedRatesTrendChart extends LightningElement {
  /** Currency ISO code shown in the accessible name. */
  @api isoCode;
  /** Rates as returned by DatedRatesConsoleController.getRateHistory: [{startDate, rate}]. */
  @api rates;

  width = CHART_SIZE.width;
  height = CHART_SIZE.height;

  get chart() {
    return mapRatesToChart(this.rates, CHART_SIZE);
  }

  get isEmpty() {
    return this.chart.isEmpty;
  }

  get hasLine() {
    return !this.chart.isEmpty && !this.chart.isSinglePoint;
  }

  get ariaLabel() {
    return describeChart(this.chart, this.isoCode);
  }

  get changeText() {
    const change = this.chart.changePercent;
    if (change === null || change === undefined) {
      return "";
    }
    return `${change > 0 ? "+" : ""}${change} %`;
  }
}
