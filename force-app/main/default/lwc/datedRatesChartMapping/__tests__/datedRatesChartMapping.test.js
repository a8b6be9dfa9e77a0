import {
  CHART_SIZE,
  cleanSeries,
  describeChart,
  mapRatesToChart,
  parseDate
} from "c/datedRatesChartMapping";

const SIZE = { width: 100, height: 50, padding: 10 };

describe("c/datedRatesChartMapping", () => {
  describe("parseDate", () => {
    it("parses an Apex date as UTC midnight", () => {
      expect(parseDate("2026-11-28")).toBe(Date.UTC(2026, 10, 28));
    });

    it("rejects anything that is not YYYY-MM-DD", () => {
      expect(parseDate("28/11/2026")).toBeNaN();
      expect(parseDate(undefined)).toBeNaN();
      expect(parseDate(20261128)).toBeNaN();
    });
  });

  describe("cleanSeries", () => {
    it("sorts oldest first and drops unusable entries", () => {
      const series = cleanSeries([
        { startDate: "2026-11-03", rate: 1.3 },
        null,
        { startDate: "2026-11-01", rate: 1.1 },
        { startDate: "yesterday", rate: 1.2 },
        { startDate: "2026-11-02", rate: "abc" },
        { startDate: "2026-11-04", rate: null },
        { startDate: "2026-11-02", rate: "1.2" }
      ]);
      expect(series.map((entry) => entry.startDate)).toEqual([
        "2026-11-01",
        "2026-11-02",
        "2026-11-03"
      ]);
      expect(series[1].rate).toBe(1.2);
    });

    it("keeps the last of two rates with the same start date", () => {
      const series = cleanSeries([
        { startDate: "2026-11-01", rate: 1 },
        { startDate: "2026-11-01", rate: 2 }
      ]);
      expect(series).toHaveLength(1);
      expect(series[0].rate).toBe(2);
    });

    it("treats a non-array as no data", () => {
      expect(cleanSeries(undefined)).toEqual([]);
      expect(cleanSeries({ startDate: "2026-11-01", rate: 1 })).toEqual([]);
    });
  });

  describe("mapRatesToChart", () => {
    it("returns an empty chart for no rates", () => {
      const chart = mapRatesToChart([], SIZE);
      expect(chart.isEmpty).toBe(true);
      expect(chart.isSinglePoint).toBe(false);
      expect(chart.points).toEqual([]);
      expect(chart.polyline).toBe("");
      expect(chart.min).toBeNull();
      expect(chart.max).toBeNull();
      expect(chart.changePercent).toBeNull();
    });

    it("returns a fresh points array for each empty chart", () => {
      const first = mapRatesToChart(undefined, SIZE);
      first.points.push({});
      expect(mapRatesToChart(undefined, SIZE).points).toEqual([]);
    });

    it("centres a single point and has no change", () => {
      const chart = mapRatesToChart(
        [{ startDate: "2026-11-28", rate: 0.92 }],
        SIZE
      );
      expect(chart.isEmpty).toBe(false);
      expect(chart.isSinglePoint).toBe(true);
      expect(chart.points).toHaveLength(1);
      expect(chart.points[0]).toMatchObject({
        x: 50,
        y: 25,
        rate: 0.92,
        startDate: "2026-11-28"
      });
      expect(chart.min).toBe(0.92);
      expect(chart.max).toBe(0.92);
      expect(chart.polyline).toBe("50,25");
      expect(chart.changePercent).toBeNull();
    });

    it("scales x by date and y from max (top) to min (bottom)", () => {
      const chart = mapRatesToChart(
        [
          { startDate: "2026-11-05", rate: 2 },
          { startDate: "2026-11-01", rate: 1 },
          { startDate: "2026-11-02", rate: 1.5 }
        ],
        SIZE
      );
      expect(chart.min).toBe(1);
      expect(chart.max).toBe(2);
      // inner width 80 over 4 days: 1 day = 20 units; inner height 30
      expect(chart.points.map((point) => [point.x, point.y])).toEqual([
        [10, 40],
        [30, 25],
        [90, 10]
      ]);
      expect(chart.polyline).toBe("10,40 30,25 90,10");
      expect(chart.first.startDate).toBe("2026-11-01");
      expect(chart.last.startDate).toBe("2026-11-05");
      expect(chart.changePercent).toBe(100);
    });

    it("draws a flat line in the middle when every rate is equal", () => {
      const chart = mapRatesToChart(
        [
          { startDate: "2026-11-01", rate: 1.25 },
          { startDate: "2026-11-03", rate: 1.25 }
        ],
        SIZE
      );
      expect(chart.points.map((point) => point.y)).toEqual([25, 25]);
      expect(chart.points.map((point) => point.x)).toEqual([10, 90]);
      expect(chart.changePercent).toBe(0);
    });

    it("rounds coordinates to two decimals and labels each point", () => {
      const chart = mapRatesToChart(
        [
          { startDate: "2026-11-01", rate: 1 },
          { startDate: "2026-11-04", rate: 1.1 },
          { startDate: "2026-11-02", rate: 1.07 }
        ],
        SIZE
      );
      expect(chart.points[1].x).toBe(36.67);
      expect(chart.points[1].label).toBe("2026-11-02: 1.07");
      expect(new Set(chart.points.map((point) => point.key)).size).toBe(3);
    });

    it("has no change percent when the first rate is zero", () => {
      const chart = mapRatesToChart(
        [
          { startDate: "2026-11-01", rate: 0 },
          { startDate: "2026-11-02", rate: 1 }
        ],
        SIZE
      );
      expect(chart.changePercent).toBeNull();
    });

    it("uses the default chart size", () => {
      const chart = mapRatesToChart([
        { startDate: "2026-11-01", rate: 1 },
        { startDate: "2026-11-02", rate: 2 }
      ]);
      expect(chart.points[0]).toMatchObject({
        x: CHART_SIZE.padding,
        y: CHART_SIZE.height - CHART_SIZE.padding
      });
      expect(chart.points[1]).toMatchObject({
        x: CHART_SIZE.width - CHART_SIZE.padding,
        y: CHART_SIZE.padding
      });
    });
  });

  describe("first period", () => {
    it("leaves out the 0001-01-01 first-period rate when later rates exist, keeps it alone", () => {
      const chart = mapRatesToChart([
        { startDate: "0001-01-01", rate: 1.1 },
        { startDate: "2026-11-01", rate: 1.2 },
        { startDate: "2026-11-02", rate: 1.3 }
      ]);
      expect(chart.points.map((p) => p.startDate)).toEqual([
        "2026-11-01",
        "2026-11-02"
      ]);
      expect(chart.first.x).toBe(CHART_SIZE.padding);
      const alone = mapRatesToChart([{ startDate: "0001-01-01", rate: 1.1 }]);
      expect(alone.isSinglePoint).toBe(true);
      expect(alone.first.startDate).toBe("0001-01-01");
    });
  });

  describe("describeChart", () => {
    it("describes empty, single-point and series charts", () => {
      expect(describeChart(mapRatesToChart([]), "EUR")).toBe(
        "No dated rates for EUR."
      );
      expect(describeChart(undefined)).toBe(
        "No dated rates for the selected currency."
      );
      expect(
        describeChart(
          mapRatesToChart([{ startDate: "2026-11-28", rate: 0.9 }]),
          "EUR"
        )
      ).toBe("One dated rate for EUR: 0.9 from 2026-11-28.");
      const chart = mapRatesToChart([
        { startDate: "2026-11-01", rate: 1.2 },
        { startDate: "2026-11-02", rate: 0.8 },
        { startDate: "2026-11-03", rate: 1 }
      ]);
      expect(describeChart(chart, "GBP")).toBe(
        "GBP rates from 2026-11-01 to 2026-11-03: lowest 0.8, highest 1.2, latest 1."
      );
    });
  });
});
