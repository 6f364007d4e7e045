// One run as a live timeline: a card per agent (state, thinking, tool calls with parameters,
// result summary and duration), the run's progress, the report streaming in as deltas arrive,
// a Stop button while it runs, and the rendered report at the end. Fed the run's events in order.
import { el, clear } from "./dom.js";
import { milliseconds, summariseResult } from "./format.js";
import { renderMarkdown } from "./markdown.js";
import { renderReport } from "./report-view.js";

const AGENT_TITLES = {
  triage: "Triage", data: "Data analysis", data_helper: "Data helper", optimization: "Optimization",
  actions: "Action plan", reporting: "Report",
};

export class RunTimeline {
  #cards = new Map();
  #seen = new Set();
  #draft = "";
  #drawScheduled = false;

  constructor(runId, { onStop }) {
    this.runId = runId;
    this.state = "running";
    this.stateText = el("span", { class: "run-state", role: "status" }, "Running…");
    this.progress = el("progress", { max: 100, value: 0, "aria-label": "Run progress" });
    this.progressText = el("span", { class: "progress-text" });
    this.stopButton = el("button", { type: "button", class: "stop", "aria-label": "Stop this run",
      onclick: () => { this.stopButton.disabled = true; this.stateText.textContent = "Stopping…"; onStop(runId); } }, "Stop");
    this.plan = el("div", { class: "plan" });
    this.agents = el("ol", { class: "agents", "aria-label": "Agents of this run" });
    this.agentsSummary = el("summary", {}, "Agents at work");
    // Open while the run goes; closed once the report is there, which is what people came for.
    this.work = el("details", { class: "work", open: true }, this.agentsSummary, this.agents);
    this.draft = el("div", { class: "report-draft markdown", hidden: true, "aria-busy": "true" });
    this.report = el("div", { class: "report-final" });
    this.element = el("li", { class: "run", dataset: { runId, state: "running" } },
      el("div", { class: "run-head" }, this.stateText, this.progress, this.progressText, this.stopButton),
      this.plan, this.work, this.draft, this.report);
  }

  get finished() { return this.state !== "running"; }

  handle(event) {
    // Two ways in (the socket, a replayed stream) must not show an event twice.
    if (typeof event.offset === "number") {
      if (this.#seen.has(event.offset)) return;
      this.#seen.add(event.offset);
    }
    const p = event.payload || {};
    switch (event.type) {
      case "agent_started":
        if (p.agent_name !== "supervisor") this.#card(p.agent_name).start();
        break;
      case "agent_thinking":
        // The supervisor plans the run; it is not one of the agents doing the work.
        if (p.agent_name === "supervisor") this.plan.append(el("p", {}, p.reasoning || ""));
        else this.#card(p.agent_name).think(p.reasoning);
        break;
      case "tool_executing": this.#card(p.agent_name).toolStarted(p.tool_name, p.parameters); break;
      case "tool_completed": this.#card(p.agent_name).toolEnded(p.tool_name, "completed", summariseResult(p.results), p.duration_ms); break;
      case "tool_error": this.#card(p.agent_name).toolEnded(p.tool_name, "error", `${p.code}: ${p.message}`, p.duration_ms); break;
      case "agent_completed":
        if (p.agent_name === "supervisor") this.#finish(p.status === "failed" ? "failed" : "completed");
        else this.#card(p.agent_name).end(p.status, p.final_response, p.duration_ms);
        break;
      case "agent_error":
        if (p.terminal) {
          this.#finish("failed", `${p.code}: ${p.message}`);
        } else if (p.agent_name) {
          this.#card(p.agent_name).end("failed", `${p.code}: ${p.message}`);
        }
        break;
      case "agent_stopped":
        for (const card of this.#cards.values()) card.interrupt();
        this.#finish("stopped", p.reason ? `Stopped: ${p.reason}` : "Stopped");
        break;
      case "progress_update":
        this.progress.value = p.percent ?? 0;
        this.progressText.textContent = `${p.percent ?? 0} % · ${p.message ?? ""}`;
        break;
      case "partial_result":
        this.#draft += p.delta || "";
        this.#scheduleDraw();
        break;
      case "final_report":
        this.draft.hidden = true;
        this.report.replaceChildren(renderReport(p.markdown || "", p.report || {}));
        break;
    }
  }

  #card(name) {
    let card = this.#cards.get(name);
    if (!card) {
      card = new AgentCard(name);
      this.#cards.set(name, card);
      this.agents.append(card.element);
    }
    return card;
  }

  // Deltas arrive faster than anyone reads: redraw at most once a frame.
  #scheduleDraw() {
    if (this.#drawScheduled) return;
    this.#drawScheduled = true;
    requestAnimationFrame(() => {
      this.#drawScheduled = false;
      this.draft.hidden = false;
      this.draft.replaceChildren(renderMarkdown(this.#draft));
    });
  }

  #finish(state, text) {
    if (this.finished) return;
    this.state = state;
    this.element.dataset.state = state;
    this.draft.removeAttribute("aria-busy");
    this.stopButton.remove();
    this.agentsSummary.textContent = `The agents' work (${this.#cards.size} ${this.#cards.size === 1 ? "step" : "steps"})`;
    if (state === "completed") {
      this.progress.value = 100;
      this.work.open = false;
    }
    this.stateText.textContent = text || { completed: "Completed", failed: "Finished with errors", stopped: "Stopped" }[state];
    if (state !== "completed") for (const card of this.#cards.values()) card.interrupt();
  }
}

class AgentCard {
  #tools = [];

  constructor(name) {
    this.state = el("span", { class: "state" }, "waiting");
    this.duration = el("span", { class: "duration" });
    this.thinking = el("div", { class: "thinking" });
    this.tools = el("ul", { class: "tools", "aria-label": "Tool calls" });
    this.response = el("p", { class: "final-response" });
    this.element = el("li", { class: "agent-card", dataset: { agent: name, state: "waiting" } },
      el("h3", {}, AGENT_TITLES[name] || name, " ", this.state, " ", this.duration),
      this.thinking, this.tools, this.response);
  }

  #set(state) {
    this.element.dataset.state = state;
    this.state.textContent = state;
  }

  start() { this.#set("running"); }

  think(text) { this.thinking.append(el("p", {}, text || "")); }

  toolStarted(name, parameters) {
    const status = el("span", { class: "tool-state" }, "running");
    const result = el("p", { class: "tool-result" });
    const duration = el("span", { class: "duration" });
    const row = el("li", { class: "tool", dataset: { tool: name, state: "running" } },
      el("div", { class: "tool-head" }, el("code", { class: "tool-name" }, name), " ", status, " ", duration),
      el("details", {}, el("summary", {}, "Parameters"), el("pre", { class: "tool-parameters" }, JSON.stringify(parameters ?? {}, null, 2))),
      result);
    this.#tools.push({ name, row, status, result, duration, open: true });
    this.tools.append(row);
  }

  toolEnded(name, state, summary, durationMs) {
    const tool = this.#tools.find((t) => t.open && t.name === name);
    if (!tool) return;
    tool.open = false;
    tool.row.dataset.state = state;
    tool.status.textContent = state;
    tool.result.textContent = summary;
    tool.duration.textContent = milliseconds(durationMs);
  }

  end(status, finalResponse, durationMs) {
    this.#set(status || "completed");
    if (finalResponse) this.response.textContent = finalResponse;
    if (typeof durationMs === "number") this.duration.textContent = milliseconds(durationMs);
  }

  interrupt() {
    if (this.element.dataset.state === "running" || this.element.dataset.state === "waiting") this.#set("stopped");
    for (const tool of this.#tools) if (tool.open) this.toolEnded(tool.name, "stopped", "stopped", undefined);
  }
}
