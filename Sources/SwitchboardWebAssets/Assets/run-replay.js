// A run that was already going when the page loaded: its events from its start, over server-sent
// events (GET /api/agent/runs/{id}/stream, which reads the same log as /ws and stays open until
// the run's end), so its timeline shows every agent and not only those after the reload.

export async function replayRun(api, runId, onEvent, signal) {
  const response = await fetch(`/api/agent/runs/${encodeURIComponent(runId)}/stream`, {
    headers: { Authorization: "Bearer " + (await api.token()), Accept: "text/event-stream" },
    signal, cache: "no-store", credentials: "omit",
  });
  if (!response.ok || !response.body) throw new Error(`the run's stream answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = null;
      const data = [];
      for (const line of frame.split("\n")) {
        if (line.startsWith("event:")) type = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (type === "end") {
        reader.cancel().catch(() => {});
        return;
      }
      if (!data.length) continue; // a heartbeat comment
      let event;
      try { event = JSON.parse(data.join("\n")); } catch { continue; }
      onEvent(event);
    }
  }
}
