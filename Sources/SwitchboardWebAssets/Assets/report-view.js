// The final report: the model's Markdown rendered safely, then the charts drawn from the
// structured part (`RunReport`): cost by model, cost per day with the anomaly days marked, and
// latency p50/p99 per model. A chart whose data the report does not carry is left out with a note.
import { el } from "./dom.js";
import { usd, milliseconds } from "./format.js";
import { renderMarkdown } from "./markdown.js";
import { barChart, groupedBarChart, lineChart } from "./charts.js";

export function renderReport(markdown, report) {
  const text = renderMarkdown(markdown);
  // Pictures first: the charts follow the title and the summary, before the detailed tables.
  const summary = text.querySelector(":scope > p");
  const drawn = charts(report || {});
  if (summary) summary.after(drawn);
  else text.append(drawn);
  return el("article", { class: "report", "aria-label": "Report" }, text);
}

// The width a chart gets inside a report on this screen (the report's padding and borders aside).
function chartWidth() {
  const main = document.getElementById("main");
  const threads = document.querySelector(".threads");
  const wide = window.matchMedia("(min-width: 761px)").matches;
  return (main ? main.clientWidth : window.innerWidth) - (wide && threads ? threads.offsetWidth + 16 : 0) - 90;
}

function charts(report) {
  const section = el("section", { class: "charts", "aria-label": "Charts" });
  const width = chartWidth();
  const byModel = Array.isArray(report.cost_by_model) ? report.cost_by_model : [];
  const byDay = Array.isArray(report.cost_by_day) ? report.cost_by_day : null;
  const latency = Array.isArray(report.latency) ? report.latency : [];
  if (!byModel.length && !latency.length && !byDay) return section;
  section.append(el("h4", {}, "Charts"));
  if (byModel.length) {
    section.append(barChart({
      id: "cost-by-model", caption: "Cost by model", format: usd, width,
      items: byModel.slice(0, 12).map((line) => ({ label: String(line.key), value: Number(line.cost_usd) || 0 })),
    }));
  }
  if (byDay && byDay.length) {
    const anomalies = new Set((report.anomaly_days || []).map((day) => String(day.day)));
    section.append(lineChart({
      id: "cost-per-day", caption: "Cost per day", format: usd, marked: anomalies, markLabel: "anomaly", width,
      points: [...byDay].sort((a, b) => String(a.key).localeCompare(String(b.key)))
        .map((line) => ({ label: String(line.key), value: Number(line.cost_usd) || 0 })),
    }));
  } else if (byModel.length) {
    const days = (report.anomaly_days || []).map((day) => `${day.day} (${usd(day.cost_usd)})`);
    section.append(el("p", { class: "note", dataset: { missingChart: "cost-per-day" } },
      "No cost-per-day chart: this report carries no daily costs (cost_by_day)." +
      (days.length ? ` Unusual days: ${days.join(", ")}.` : "")));
  }
  if (latency.length) {
    section.append(groupedBarChart({
      id: "latency", caption: "Latency per model", series: ["p50", "p99"], format: milliseconds, width,
      items: latency.slice(0, 12).map((s) => ({ label: String(s.model), values: [Number(s.latency_p50_ms) || 0, Number(s.latency_p99_ms) || 0] })),
    }));
  }
  return section;
}
