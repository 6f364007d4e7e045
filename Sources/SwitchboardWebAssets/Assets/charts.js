// Charts as inline SVG drawn here: horizontal bars, grouped bars and a line with marked points.
// Colours come from CSS classes (the CSP allows no inline styles); every chart is a <figure>
// with a caption, an accessible name and its numbers in a table for those who cannot see it.
import { el, svg } from "./dom.js";

const ROW = 26;

// Drawn in CSS pixels for the width there is (13 px text stays 13 px): a phone gets a narrower
// drawing with a shorter label column instead of a wide one scaled down to unreadable text.
function frame(width = 640) {
  const w = Math.round(Math.max(300, Math.min(width, 640)));
  const narrow = w < 500;
  return { WIDTH: w, LABEL: narrow ? 112 : 170, VALUE: narrow ? 62 : 90, CHARS: narrow ? 16 : 24 };
}

function figure(id, caption, summary, graphic, table) {
  graphic.setAttribute("role", "img");
  graphic.setAttribute("aria-label", summary);
  return el("figure", { class: "chart", dataset: { chart: id } },
    el("figcaption", {}, caption), graphic,
    el("details", { class: "chart-data" }, el("summary", {}, "Numbers"), table));
}

function dataTable(headers, rows) {
  return el("table", {},
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, row.map((cell, i) => el(i === 0 ? "th" : "td", i === 0 ? { scope: "row" } : { class: "num" }, cell))))));
}

function shorten(text, limit = 24) {
  return text.length > limit ? text.slice(0, limit - 1) + "…" : text;
}

/** items: [{label, value}] → one bar each, longest first as given. */
export function barChart({ id, caption, items, format, width }) {
  const { WIDTH, LABEL, VALUE, CHARS } = frame(width);
  const max = Math.max(...items.map((i) => i.value), 0) || 1;
  const height = items.length * ROW + 10;
  const plot = WIDTH - LABEL - VALUE;
  const graphic = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, class: "bars", preserveAspectRatio: "xMinYMin meet" });
  items.forEach((item, index) => {
    const y = 5 + index * ROW;
    const width = Math.max((item.value / max) * plot, 1);
    graphic.append(
      svg("text", { x: LABEL - 8, y: y + ROW / 2, class: "label", "text-anchor": "end", "dominant-baseline": "middle" },
        svg("title", {}, item.label), shorten(item.label, CHARS)),
      svg("rect", { x: LABEL, y: y + 4, width, height: ROW - 8, rx: 3, class: "bar" }, svg("title", {}, `${item.label}: ${format(item.value)}`)),
      svg("text", { x: LABEL + width + 6, y: y + ROW / 2, class: "value", "dominant-baseline": "middle" }, format(item.value)));
  });
  const summary = `${caption}: ` + items.map((i) => `${i.label} ${format(i.value)}`).join(", ");
  return figure(id, caption, summary, graphic, dataTable(["", "value"], items.map((i) => [i.label, format(i.value)])));
}

/** items: [{label, values: [a, b]}], series: ["p50", "p99"] → a pair of bars per item. */
export function groupedBarChart({ id, caption, items, series, format, width }) {
  const { WIDTH, LABEL, VALUE, CHARS } = frame(width);
  const max = Math.max(...items.flatMap((i) => i.values), 0) || 1;
  const group = ROW * series.length + 8;
  const height = items.length * group + 30;
  const plot = WIDTH - LABEL - VALUE;
  const graphic = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, class: "bars grouped", preserveAspectRatio: "xMinYMin meet" });
  series.forEach((name, s) => {
    graphic.append(
      svg("rect", { x: LABEL + s * 70, y: 4, width: 14, height: 14, class: `bar series-${s}` }),
      svg("text", { x: LABEL + s * 70 + 20, y: 11, class: "legend", "dominant-baseline": "middle" }, name));
  });
  items.forEach((item, index) => {
    const top = 28 + index * group;
    graphic.append(svg("text", { x: LABEL - 8, y: top + (ROW * series.length) / 2, class: "label", "text-anchor": "end", "dominant-baseline": "middle" },
      svg("title", {}, item.label), shorten(item.label, CHARS)));
    item.values.forEach((value, s) => {
      const y = top + s * ROW;
      const width = Math.max((value / max) * plot, 1);
      graphic.append(
        svg("rect", { x: LABEL, y: y + 3, width, height: ROW - 6, rx: 3, class: `bar series-${s}` }, svg("title", {}, `${item.label} ${series[s]}: ${format(value)}`)),
        svg("text", { x: LABEL + width + 6, y: y + ROW / 2, class: "value", "dominant-baseline": "middle" }, format(value)));
    });
  });
  const summary = `${caption}: ` + items.map((i) => `${i.label} ` + series.map((s, k) => `${s} ${format(i.values[k])}`).join(" ")).join(", ");
  return figure(id, caption, summary, graphic,
    dataTable(["", ...series], items.map((i) => [i.label, ...i.values.map(format)])));
}

/** points: [{label, value}] in order; marked: labels to ring and name (anomaly days). */
export function lineChart({ id, caption, points, marked = new Set(), format, markLabel = "unusual", width }) {
  const { WIDTH } = frame(width);
  const height = 240, left = WIDTH < 500 ? 54 : 64, right = 16, top = 20, bottom = 40;
  const max = Math.max(...points.map((p) => p.value), 0) * 1.1 || 1;
  const x = (i) => left + (points.length === 1 ? 0.5 : i / (points.length - 1)) * (WIDTH - left - right);
  const y = (v) => top + (1 - v / max) * (height - top - bottom);
  const graphic = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, class: "line-chart", preserveAspectRatio: "xMinYMin meet" });
  for (const fraction of [0, 0.5, 1]) {
    const value = (max / 1.1) * fraction;
    graphic.append(
      svg("line", { x1: left, x2: WIDTH - right, y1: y(value), y2: y(value), class: "grid" }),
      svg("text", { x: left - 6, y: y(value), class: "axis", "text-anchor": "end", "dominant-baseline": "middle" }, format(value)));
  }
  const ticks = [...new Set([0, Math.floor((points.length - 1) / 2), points.length - 1])];
  for (const i of ticks) {
    graphic.append(svg("text", { x: x(i), y: height - bottom + 18, class: "axis", "text-anchor": i === 0 ? "start" : i === points.length - 1 ? "end" : "middle" }, points[i].label));
  }
  graphic.append(svg("polyline", { points: points.map((p, i) => `${x(i)},${y(p.value)}`).join(" "), class: "line" }));
  points.forEach((p, i) => {
    const isMarked = marked.has(p.label);
    graphic.append(svg("circle", { cx: x(i), cy: y(p.value), r: isMarked ? 6 : 3, class: isMarked ? "point anomaly" : "point" },
      svg("title", {}, `${p.label}: ${format(p.value)}${isMarked ? ` (${markLabel})` : ""}`)));
    if (isMarked) {
      graphic.append(svg("text", { x: x(i), y: y(p.value) - 12, class: "anomaly-label", "text-anchor": "middle" }, markLabel));
    }
  });
  const summary = `${caption}, ${points.length} days from ${points[0].label} to ${points[points.length - 1].label}; ` +
    (marked.size ? `${markLabel}: ${[...marked].join(", ")}` : `no ${markLabel} days`);
  return figure(id, caption, summary, graphic,
    dataTable(["day", "value"], points.map((p) => [p.label + (marked.has(p.label) ? ` (${markLabel})` : ""), format(p.value)])));
}
