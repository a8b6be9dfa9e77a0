import { createElement } from "lwc";
import DatedRatesTrendChart from "c/datedRatesTrendChart";

function mount(props) {
  const element = createElement("c-dated-rates-trend-chart", {
    is: DatedRatesTrendChart
  });
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

function byId(element, id) {
  return element.shadowRoot.querySelector(`[data-id="${id}"]`);
}

describe("c-dated-rates-trend-chart", () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  it("draws a falling series with a negative change and an accessible name", () => {
    const element = mount({
      isoCode: "CHF",
      rates: [
        { startDate: "2026-11-27", rate: 1.0 },
        { startDate: "2026-11-28", rate: 0.8 }
      ]
    });

    const svg = byId(element, "chart-svg");
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("aria-label")).toBe(
      "CHF rates from 2026-11-27 to 2026-11-28: lowest 0.8, highest 1, latest 0.8."
    );
    expect(byId(element, "chart-line").getAttribute("points")).toBe(
      "12,12 308,108"
    );
    const titles = [...element.shadowRoot.querySelectorAll("circle title")].map(
      (title) => title.textContent
    );
    expect(titles).toEqual(["2026-11-27: 1", "2026-11-28: 0.8"]);
    expect(byId(element, "chart-caption").textContent).toContain("-20 %");
  });

  it("shows one point without a line or a change", () => {
    const element = mount({
      isoCode: "CHF",
      rates: [{ startDate: "2026-11-28", rate: 0.95 }]
    });

    expect(byId(element, "chart-line")).toBeNull();
    const circle = element.shadowRoot.querySelector("circle");
    expect([circle.getAttribute("cx"), circle.getAttribute("cy")]).toEqual([
      "160",
      "60"
    ]);
    expect(byId(element, "chart-caption").textContent.trim()).toBe(
      "One dated rate for CHF: 0.95 from 2026-11-28."
    );
  });

  it("tells what to do when there are no rates", () => {
    const element = mount({ isoCode: "CHF", rates: undefined });

    expect(byId(element, "chart-svg")).toBeNull();
    expect(byId(element, "chart-empty").textContent).toContain(
      "No dated rates for CHF yet"
    );
  });
});
