// The /ws client: authenticates with the token as a subprotocol (browsers cannot set headers),
// reconnects with backoff, and on every reconnect asks `resume` from the last offset it saw, so
// events sent while it was away arrive exactly once. It reports its state for the badge:
// connecting, live, reconnecting (with why), and after a resume "nothing missed" or the reason
// the log could not replay (then the page reloads the thread over REST).

const KEEPALIVE_MS = 60_000; // the server closes connections silent for 300 s

function base64url(text) {
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function closeReason(code) {
  switch (code) {
    case 1001: return "the server went away";
    case 1006: return "the connection dropped";
    case 1008: return "the server closed it (another tab or device took the connection)";
    case 1011: return "the server had an internal error";
    case 4001: return "the session's token expired";
    case 4003: return "the session was signed out";
    case 4008: return "the server closed it (this page fell behind)";
    default: return `the connection closed (${code})`;
  }
}

export class Socket extends EventTarget {
  #api;
  #ws = null;
  #running = false;
  #attempt = 0;
  #timer = null;
  #keepalive = null;
  #sequence = 0;
  #evictions = [];
  /** The last offset and epoch received: where a resume starts. null before the first connection. */
  position = null;
  state = "idle";

  constructor(api) {
    super();
    this.#api = api;
    // Back online: try now rather than at the end of a backoff that grew while offline.
    window.addEventListener("online", () => {
      if (this.#running && this.#ws === null && this.state !== "paused") {
        clearTimeout(this.#timer);
        this.#connect();
      }
    });
  }

  start() {
    if (this.#running) return;
    this.#running = true;
    this.#connect();
  }

  stop() {
    this.#running = false;
    clearTimeout(this.#timer);
    clearInterval(this.#keepalive);
    if (this.#ws) this.#ws.close(1000, "signed out");
    this.#ws = null;
    this.position = null;
    this.#evictions = [];
    this.#status("idle");
  }

  get open() { return this.#ws !== null && this.#ws.readyState === WebSocket.OPEN && this.state !== "connecting"; }

  /** Sends a client message; returns its id, or null when not connected. */
  send(type, payload = {}) {
    if (!this.#ws || this.#ws.readyState !== WebSocket.OPEN) return null;
    const id = "web-" + Date.now().toString(36) + "-" + (++this.#sequence);
    this.#ws.send(JSON.stringify({ type, payload, id }));
    return id;
  }

  async #connect() {
    if (!this.#running) return;
    this.#status(this.position ? "reconnecting" : "connecting", this.position ? "reconnecting…" : undefined);
    let token;
    try {
      token = await this.#api.token();
    } catch {
      this.#retry("could not renew the session");
      return;
    }
    if (!this.#running) return;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(`${scheme}//${location.host}/ws`, ["jwt-auth", "jwt." + base64url(token)]);
    this.#ws = ws;
    ws.onmessage = (message) => this.#receive(message.data);
    ws.onclose = (event) => {
      if (this.#ws !== ws) return;
      clearInterval(this.#keepalive);
      this.#ws = null;
      if (!this.#running) return;
      if (event.code === 1008 && this.#tooManyTabs()) {
        this.#status("paused", "paused: this account has more tabs open than the server allows");
        return;
      }
      this.#retry(closeReason(event.code));
    };
  }

  /** Continues after a pause (the Reconnect button). */
  reconnect() {
    if (!this.#running || this.#ws !== null) return;
    this.#evictions = [];
    this.#connect();
  }

  // The server keeps a user's newest connections and closes the oldest (1008). With more tabs
  // than it allows, reconnecting at once would close another tab, which would do the same: after
  // three such closes within a minute this tab stops and waits for the person.
  #tooManyTabs() {
    const now = Date.now();
    this.#evictions = this.#evictions.filter((at) => now - at < 60_000).concat(now);
    return this.#evictions.length >= 3;
  }

  #retry(reason) {
    this.#attempt += 1;
    const delay = Math.min(500 * 2 ** (this.#attempt - 1), 10_000) * (0.5 + Math.random() / 2);
    this.#status("reconnecting", `reconnecting: ${reason}`);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#connect(), delay);
  }

  #receive(data) {
    let event;
    try { event = JSON.parse(data); } catch { return; }
    switch (event.type) {
      case "connection_established": return this.#established(event.payload || {});
      case "resume_complete":
        this.#status("live", "live · nothing missed");
        return;
      case "resume_unavailable": {
        const payload = event.payload || {};
        this.position = { offset: payload.last_offset ?? 0, epoch: payload.epoch };
        this.#status("live", `live · could not replay (${payload.reason}): thread reloaded`);
        this.dispatchEvent(new CustomEvent("resync", { detail: payload }));
        return;
      }
      case "server_shutdown":
        this.#status("reconnecting", "reconnecting: the server is restarting");
        return;
    }
    if (typeof event.offset === "number") {
      // A replay never repeats, but a second delivery path must not show an event twice.
      if (this.position && event.epoch === this.position.epoch && event.offset <= this.position.offset) return;
      this.position = { offset: event.offset, epoch: event.epoch };
    }
    this.dispatchEvent(new CustomEvent("event", { detail: event }));
  }

  #established(payload) {
    this.#attempt = 0;
    clearInterval(this.#keepalive);
    this.#keepalive = setInterval(() => this.send("ping"), KEEPALIVE_MS);
    if (this.position) {
      // The first message of a reconnect: everything after what this page saw, then live.
      const resume = { since: this.position.offset };
      if (this.position.epoch) resume.epoch = this.position.epoch;
      this.#status("resuming", "resuming…");
      this.send("resume", resume);
    } else {
      this.position = { offset: payload.last_offset ?? 0, epoch: payload.epoch };
      // Any first message releases the events the server holds for a resume that will not come.
      this.send("ping");
      this.#status("live", "live");
    }
  }

  #status(state, text) {
    this.state = state;
    this.dispatchEvent(new CustomEvent("status", { detail: { state, text: text || state } }));
  }
}
