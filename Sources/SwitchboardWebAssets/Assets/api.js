// The REST client. The access token lives only in this object's memory (never localStorage) and
// is refreshed a minute before it expires. The refresh token is kept in sessionStorage so a
// reload of this tab can sign in again; it is spent on every refresh (the server rotates it).

const REFRESH_KEY = "switchboard.refresh";
const EARLY_MS = 60_000;

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export class Api extends EventTarget {
  #access = null;
  #expiresAt = 0;
  #timer = null;
  #refreshing = null;
  user = null;

  get signedIn() { return this.#access !== null; }

  async register(email, password, name) {
    this.#adopt(await this.#post("/auth/register", { email, password, name: name || undefined }));
  }

  async login(email, password) {
    this.#adopt(await this.#post("/auth/login", { email, password }));
  }

  /** Signs in again from this tab's refresh token, if it has one; false otherwise. */
  async restore() {
    if (!sessionStorage.getItem(REFRESH_KEY)) return false;
    try {
      await this.refresh();
      return true;
    } catch {
      return false;
    }
  }

  /** One refresh at a time: concurrent callers share it (a second would spend a spent token). */
  refresh() {
    if (!this.#refreshing) {
      const token = sessionStorage.getItem(REFRESH_KEY);
      this.#refreshing = (token ? this.#post("/auth/refresh", { refresh_token: token }) : Promise.reject(new ApiError(401, "SIGNED_OUT")))
        .then((pair) => this.#adopt(pair))
        .catch((error) => {
          if (error.status === 401) this.#forget("Your session ended; please sign in again.");
          throw error;
        })
        .finally(() => { this.#refreshing = null; });
    }
    return this.#refreshing;
  }

  /** A valid access token, refreshed first when it has less than a minute left. */
  async token() {
    if (this.#access === null) throw new ApiError(401, "SIGNED_OUT", "not signed in");
    if (Date.now() > this.#expiresAt - EARLY_MS) await this.refresh();
    return this.#access;
  }

  async logout() {
    const token = sessionStorage.getItem(REFRESH_KEY);
    try {
      if (this.#access) await this.request("POST", "/auth/logout", token ? { refresh_token: token } : {});
    } catch { /* signing out locally is what matters */ }
    this.#forget(null);
  }

  /** JSON in, JSON out; `raw` sends a string body as is (NDJSON uploads). Retries once after a refresh on 401. */
  async request(method, path, body, { raw = false, contentType = "application/json" } = {}, retried = false) {
    const headers = { Authorization: "Bearer " + (await this.token()) };
    if (body !== undefined) headers["Content-Type"] = contentType;
    const response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      credentials: "omit", cache: "no-store",
    });
    if (response.status === 401 && !retried) {
      await this.refresh();
      return this.request(method, path, body, { raw, contentType }, true);
    }
    return this.#read(response);
  }

  async #post(path, body) {
    const response = await fetch(path, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      credentials: "omit", cache: "no-store",
    });
    return this.#read(response);
  }

  async #read(response) {
    if (response.status === 204) return null;
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    if (!response.ok) {
      const error = json && json.error ? json.error : {};
      throw new ApiError(response.status, error.code, error.message || response.statusText, error.field);
    }
    return json;
  }

  #adopt(pair) {
    this.#access = pair.access_token;
    this.#expiresAt = Date.now() + (pair.expires_in || 900) * 1000;
    sessionStorage.setItem(REFRESH_KEY, pair.refresh_token);
    if (pair.user) this.user = pair.user;
    clearTimeout(this.#timer);
    const wait = Math.max(this.#expiresAt - EARLY_MS - Date.now(), 5_000);
    this.#timer = setTimeout(() => this.refresh().catch(() => {}), wait);
    this.dispatchEvent(new CustomEvent("session", { detail: { signedIn: true } }));
  }

  #forget(reason) {
    clearTimeout(this.#timer);
    this.#access = null;
    this.#expiresAt = 0;
    this.user = null;
    sessionStorage.removeItem(REFRESH_KEY);
    this.dispatchEvent(new CustomEvent("session", { detail: { signedIn: false, reason } }));
  }
}
