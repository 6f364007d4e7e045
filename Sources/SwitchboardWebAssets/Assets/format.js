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

/** A one-line summary of any JSON value, for tool parameters and results. */
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
