// One conversation: its messages and reports (over REST), the composer, and a live timeline for
// every run of this thread whose events arrive over the socket.
import { el } from "./dom.js";
import { time } from "./format.js";
import { RunTimeline } from "./timeline.js";
import { renderReport } from "./report-view.js";
import { replayRun } from "./run-replay.js";

const RUN_STATES = { cancelled: "Stopped", failed: "Failed", timed_out: "Timed out", interrupted: "Interrupted (the server restarted)" };

export class ChatView {
  #runs = new Map();
  #pending = new Map();
  /** Runs fed from their server-sent event stream; the socket's copies of their events are skipped. */
  #streamed = new Set();
  #streams = new AbortController();

  constructor({ api, socket, threadId, onThreadCreated, onRunEnded }) {
    Object.assign(this, { api, socket, threadId, onThreadCreated, onRunEnded });
    this.title = el("h1", { id: "thread-title", tabindex: -1 }, threadId ? "…" : "New chat");
    this.messages = el("ol", { class: "messages", id: "messages", "aria-label": "Messages" });
    this.question = el("textarea", { id: "question", name: "question", rows: 2, maxlength: 8000, required: true,
      placeholder: "e.g. Why is my LLM bill so high, and how do I cut it by 30 %?" });
    this.error = el("p", { class: "form-error", id: "composer-error", role: "alert" });
    this.askButton = el("button", { type: "submit", class: "primary", id: "ask" }, "Ask");
    const form = el("form", { class: "composer", id: "composer" },
      el("label", { for: "question" }, "Your question"), this.question, this.error, this.askButton);
    form.addEventListener("submit", (event) => { event.preventDefault(); this.#ask(); });
    this.question.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); this.#ask(); }
    });
    this.element = el("section", { class: "chat", "aria-labelledby": "thread-title" }, this.title, this.messages, form);
  }

  async load() {
    if (!this.threadId) {
      this.messages.replaceChildren(el("li", { class: "empty" }, "Ask a question about your LLM usage: cost, latency, errors or caching. ",
        "The agents answer from the calls you sent on the ", el("a", { href: "#/usage" }, "Usage data"), " page."));
      return;
    }
    try {
      const [thread, history, runs] = await Promise.all([
        this.api.request("GET", `/api/threads/${encodeURIComponent(this.threadId)}`),
        this.api.request("GET", `/api/threads/${encodeURIComponent(this.threadId)}/messages?limit=100`),
        this.api.request("GET", `/api/agent/thread/${encodeURIComponent(this.threadId)}/runs?limit=100`),
      ]);
      this.title.textContent = thread.title || "Untitled";
      this.#draw(history.messages || [], runs.runs || []);
    } catch (error) {
      this.title.textContent = error.status === 404 ? "Conversation not found" : "Could not load this conversation";
      this.messages.replaceChildren(el("li", { class: "form-error" }, error.status === 404 ? "It does not exist, or it is not yours." : error.message));
    }
  }

  /** After a resume the log could not serve: what REST says is the truth. */
  async reload() {
    this.dispose();
    this.#runs.clear();
    await this.load();
  }

  /** Stops following runs' streams (the view is replaced, or reloaded). */
  dispose() {
    this.#streams.abort();
    this.#streams = new AbortController();
    this.#streamed.clear();
  }

  #follow(runId) {
    this.#streamed.add(runId);
    const feed = (event) => {
      const timeline = this.#runs.get(runId);
      if (!timeline || timeline.finished) return;
      timeline.handle(event);
      if (timeline.finished) this.onRunEnded(runId);
    };
    // If the stream fails, the socket's events (from then on) keep the timeline going.
    replayRun(this.api, runId, feed, this.#streams.signal).catch(() => {}).finally(() => this.#streamed.delete(runId));
  }

  #draw(messages, runs) {
    const reported = new Set(messages.filter((m) => m.role === "assistant").map((m) => m.run_id));
    // A question's stored message does not name its run (only the report does): pair each
    // question with the oldest unclaimed run that asked exactly it.
    const unclaimed = [...runs].sort((a, b) => String(a.started_at).localeCompare(String(b.started_at)));
    const runOf = (message) => {
      const index = unclaimed.findIndex((run) => run.run_id === message.run_id || run.query === message.content);
      return index < 0 ? undefined : unclaimed.splice(index, 1)[0];
    };
    const items = [];
    for (const message of messages) {
      if (message.role === "assistant") {
        items.push(el("li", { class: "message assistant", dataset: { runId: message.run_id || "" } },
          renderReport(message.content, (message.metadata || {}).report || {})));
        continue;
      }
      items.push(this.#bubble(message.content, message.created_at));
      const run = runOf(message);
      if (!run || reported.has(run.run_id)) continue;
      if (run.status === "running") {
        // Still going: its stream replays it from the start, then follows it to the end.
        items.push(this.#timeline(run.run_id).element);
        this.#follow(run.run_id);
      } else if (RUN_STATES[run.status]) {
        items.push(el("li", { class: "run-outcome", dataset: { runId: run.run_id, state: run.status } },
          RUN_STATES[run.status] + (run.error ? `: ${run.error}` : "")));
      }
    }
    this.messages.replaceChildren(...items);
    if (!items.length) this.messages.append(el("li", { class: "empty" }, "No messages yet."));
  }

  #bubble(text, createdAt) {
    return el("li", { class: "message user" }, el("p", { class: "text" }, text),
      createdAt ? el("time", { datetime: createdAt }, time(createdAt)) : null);
  }

  #timeline(runId) {
    let timeline = this.#runs.get(runId);
    if (!timeline) {
      // Over the socket when it is open, else over REST: a Stop must not wait for a reconnect.
      const stop = (id) => this.socket.send("stop_agent", { run_id: id })
        || this.api.request("POST", `/api/agent/${encodeURIComponent(id)}/stop`).catch(() => {});
      timeline = new RunTimeline(runId, { onStop: stop });
      this.#runs.set(runId, timeline);
    }
    return timeline;
  }

  async #ask() {
    const text = this.question.value.trim();
    this.error.textContent = "";
    if (!text) { this.error.textContent = "Write a question first."; this.question.focus(); return; }
    if (!this.socket.open) { this.error.textContent = "Not connected right now; your question is kept — ask again when the badge says live."; return; }
    this.askButton.disabled = true;
    try {
      if (!this.threadId) {
        const thread = await this.api.request("POST", "/api/threads", { title: text.slice(0, 80) });
        this.threadId = thread.id;
        this.title.textContent = thread.title;
        history.replaceState(null, "", `#/chat/${encodeURIComponent(thread.id)}`);
        this.messages.replaceChildren();
        this.onThreadCreated(thread);
      }
      const bubble = this.#bubble(text, new Date().toISOString());
      this.messages.querySelector(".empty")?.remove();
      this.messages.append(bubble);
      const id = this.socket.send("start_agent", { query: text, thread_id: this.threadId });
      if (!id) throw new Error("the connection closed; ask again when the badge says live");
      this.#pending.set(id, bubble);
      this.question.value = "";
    } catch (error) {
      this.error.textContent = `Could not ask: ${error.message}`;
    } finally {
      this.askButton.disabled = false;
    }
  }

  handle(event) {
    const bubble = event.id ? this.#pending.get(event.id) : undefined;
    if (event.type === "error" || (event.type === "agent_error" && !event.run_id)) {
      if (bubble || !event.run_id) {
        const p = event.payload || {};
        this.error.textContent = `The question was refused: ${p.code || "ERROR"} — ${p.message || ""}`;
        this.#pending.delete(event.id);
      }
      return;
    }
    if (!event.run_id || event.thread_id !== this.threadId || this.#streamed.has(event.run_id)) return;
    const known = this.#runs.has(event.run_id);
    const timeline = this.#timeline(event.run_id);
    if (!known || !timeline.element.isConnected) {
      this.messages.querySelector(".empty")?.remove();
      if (bubble) bubble.after(timeline.element);
      else this.messages.append(timeline.element);
    }
    if (bubble) this.#pending.delete(event.id);
    const wasRunning = !timeline.finished;
    timeline.handle(event);
    if (wasRunning && timeline.finished) this.onRunEnded(event.run_id);
  }
}
