// The usage page: upload a JSON array or NDJSON file of LLM calls (drop it or choose it), or
// generate a demo history; shows what the server accepted, the duplicates and each rejected
// record with its reason (as text: a reason may quote the file).
import { el, append, clear } from "./dom.js";
import { count } from "./format.js";
import { demoRecords } from "./demo-usage.js";

const MAX_BYTES = 10 * 1024 * 1024;
const BATCH = 1000;

export function renderUsage(main, api) {
  const input = el("input", { type: "file", id: "usage-file", accept: ".json,.ndjson,.jsonl,application/json,application/x-ndjson", class: "file-input" });
  const zone = el("label", { for: "usage-file", class: "drop-zone", id: "drop-zone" },
    el("strong", {}, "Drop a JSON or NDJSON file here"), el("span", {}, " or press to choose one (up to 10,000 records, 10 MB)"), input);
  const status = el("div", { id: "usage-result", class: "usage-result", role: "status", "aria-live": "polite" });
  const demo = el("button", { type: "button", id: "demo-data", class: "secondary" }, "Generate 30 days of demo data");
  const busy = (on) => { demo.disabled = on; input.disabled = on; zone.classList.toggle("busy", on); };

  async function upload(name, text) {
    busy(true);
    status.replaceChildren(el("p", {}, `Uploading ${name}…`));
    try {
      const type = text.trimStart().startsWith("[") ? "application/json" : "application/x-ndjson";
      show(status, name, await api.request("POST", "/api/usage/events", text, { raw: true, contentType: type }));
    } catch (error) {
      status.replaceChildren(el("p", { class: "form-error", role: "alert" }, `${name} was refused: ${error.code || error.status} — ${error.message}`));
    } finally {
      busy(false);
    }
  }

  async function uploadFile(file) {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      status.replaceChildren(el("p", { class: "form-error", role: "alert" }, `${file.name} is larger than 10 MB; split it.`));
      return;
    }
    await upload(file.name, await file.text());
  }

  input.addEventListener("change", () => uploadFile(input.files[0]).finally(() => { input.value = ""; }));
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    uploadFile(event.dataTransfer.files[0]);
  });
  demo.addEventListener("click", async () => {
    busy(true);
    const records = demoRecords({ days: 30, events: 3000, seed: 1 });
    const total = { accepted: 0, duplicates: 0, rejected: [] };
    try {
      for (let start = 0; start < records.length; start += BATCH) {
        status.replaceChildren(el("p", {}, `Uploading demo data… ${start} of ${records.length}`));
        const answer = await api.request("POST", "/api/usage/events", records.slice(start, start + BATCH));
        total.accepted += answer.accepted;
        total.duplicates += answer.duplicates;
        total.rejected.push(...answer.rejected.map((r) => ({ ...r, index: r.index + start })));
      }
      show(status, "Demo data", total);
    } catch (error) {
      status.replaceChildren(el("p", { class: "form-error", role: "alert" }, `Demo data was refused: ${error.message}`));
    } finally {
      busy(false);
    }
  });

  main.replaceChildren(el("section", { class: "card usage", "aria-labelledby": "usage-title" },
    el("h1", { id: "usage-title" }, "Usage data"),
    el("p", {}, "Send the record of your LLM calls; the agents analyse it when you ask a question."),
    zone, el("p", {}, demo), status));
}

function show(status, name, answer) {
  const rejected = answer.rejected || [];
  append(clear(status),
    el("h2", {}, name),
    el("dl", { class: "counts" },
      el("dt", {}, "Accepted"), el("dd", { id: "usage-accepted" }, count(answer.accepted)),
      el("dt", {}, "Duplicates"), el("dd", { id: "usage-duplicates" }, count(answer.duplicates)),
      el("dt", {}, "Rejected"), el("dd", { id: "usage-rejected" }, count(rejected.length))),
    rejected.length ? el("ul", { class: "rejections", "aria-label": "Rejected records" },
      rejected.slice(0, 200).map((r) => el("li", {}, el("span", { class: "index" }, `record ${r.index}`), ": ", r.reason))) : null,
    rejected.length > 200 ? el("p", {}, `… and ${rejected.length - 200} more.`) : null,
    answer.accepted ? el("p", {}, el("a", { href: "#/chat", id: "usage-ask" }, "Ask the agents about it")) : null);
}
