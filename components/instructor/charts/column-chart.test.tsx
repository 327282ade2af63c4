import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ColumnChart } from "./column-chart";

const chart = (values: number[]) =>
  renderToStaticMarkup(
    <ColumnChart
      title="Attempts per day"
      columns={values.map((value, i) => ({ label: `2026-11-${10 + i}`, short: String(10 + i), value }))}
      category="Day"
      unit="Attempts"
      testId="per-day"
    />,
  );

describe("ColumnChart", () => {
  it("draws a column and a table row for every value, zeros included", () => {
    const html = chart([3, 0, 383]);
    expect(html.match(/data-column="/g)).toHaveLength(3);
    expect(html).toContain('data-column="2026-11-11" data-value="0"');
    // Two bars: a zero has no rectangle, only its place and label.
    expect(html.match(/<rect /g)).toHaveLength(2);
    expect(html.match(/<tr>/g)).toHaveLength(4);
    expect(html).toContain("<td");
  });

  it("is an image with a label a screen reader can use, and a rounded scale", () => {
    const html = chart([3, 0, 383]);
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-label="Attempts per day: 386 in all, most 383. The table below lists every value."');
    // The scale tops out at the next even round number, with a whole half-way tick.
    expect(html).toContain(">400</text>");
    expect(html).toContain(">200</text>");
  });

  it("keeps a scale when every value is zero", () => {
    const html = chart([0, 0]);
    expect(html).not.toContain("NaN");
    expect(html).toContain(">2</text>");
  });
});
