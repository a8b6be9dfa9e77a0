import { reduceError, toCurrencyRows, toRunRows } from "../consoleFormat";

describe("datedRatesConsole consoleFormat", () => {
  describe("reduceError", () => {
    it("reads Apex, array, JavaScript and fetch errors", () => {
      expect(reduceError({ body: { message: "Apex said no" } })).toBe(
        "Apex said no"
      );
      expect(
        reduceError({
          body: [{ message: "first" }, null, { message: "second" }]
        })
      ).toBe("first second");
      expect(reduceError(new Error("thrown"))).toBe("thrown");
      expect(
        reduceError({ status: 500, statusText: "Server Error", body: {} })
      ).toBe("Server Error");
      expect(reduceError("plain text")).toBe("plain text");
    });

    it("falls back to a generic message", () => {
      expect(reduceError(undefined)).toBe("Unknown error.");
      expect(reduceError({})).toBe("Unknown error.");
      expect(reduceError({ body: [] })).toBe("Unknown error.");
    });
  });

  describe("toCurrencyRows", () => {
    it("turns the change in percent into a fraction for the percent column", () => {
      const [row] = toCurrencyRows([
        {
          isoCode: "EUR",
          changePercent: -2.5,
          hasTodayRate: false,
          excluded: false
        }
      ]);
      expect(row.changeFraction).toBeCloseTo(-0.025, 10);
      expect(row.todayLabel).toBe("Missing");
    });

    it("handles a missing list", () => {
      expect(toCurrencyRows(undefined)).toEqual([]);
    });
  });

  describe("toRunRows", () => {
    it("keys rows without id or name by position and uses the start time when unfinished", () => {
      const rows = toRunRows([{ startedAt: "2026-11-28T01:00:00.000Z" }, {}]);
      expect(rows.map((row) => row.key)).toEqual(["run-0", "run-1"]);
      expect(rows[0].when).toBe("2026-11-28T01:00:00.000Z");
      expect(rows[1].when).toBeNull();
      expect(toRunRows(null)).toEqual([]);
    });
  });
});
