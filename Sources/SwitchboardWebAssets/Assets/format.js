// How numbers, money, durations and times read on the page.

export function usd(value) {
  if (typeof value !== "number" || !isFinite(value)) return "–";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 4;
  return "$" + value.toLocaleString("en-US", { minimumFractionDigits: Math.min(digits, 2), maximumFractionDigits: digits });
}

export function milliseconds(value) {
  if (typeof value !== "number") return "–";
  return value >= 1000 ? (value / 1000).toFixed(value >= 10000 ? 0 : 1) + " s" : Math.round(value) + " ms";
}

export function count(value) {
  return typeof value === "number" ? value.toLocaleString("en-US") : "–";
}

export function time(iso) {
  const date = new Date(iso);
  return isNaN(date) ? "" : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** A tool's result in one readable line: its top-level fields, lists as counts. */
export function summariseResult(value, limit = 200) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return summarise(value, limit);
  const parts = Object.entries(value).map(([key, field]) => {
    const name = key.replace(/_/g, " ");
    if (Array.isArray(field)) return `${name}: ${field.length} ${field.length === 1 ? "item" : "items"}`;
    if (field !== null && typeof field === "object") return `${name}: {…}`;
    if (typeof field === "number") {
      const shown = Number.isInteger(field) || Math.abs(field) >= 1000 ? count(Math.round(field)) : String(Number(field.toPrecision(4)));
      return `${name}: ${shown}`;
    }
    return `${name}: ${field}`;
  });
  const text = parts.join(" · ");
  return text.length > limit ? text.slice(0, limit - 1) + "…" : text;
}

/** A one-line summary of any JSON value. */
export function summarise(value, limit = 160) {
  let text;
  try {
    text = typeof value === "string" ? value : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  if (text === undefined) return "";
  return text.length > limit ? text.slice(0, limit - 1) + "…" : text;
}
