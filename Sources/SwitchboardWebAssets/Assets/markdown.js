// A small Markdown renderer for model-written reports. It never produces HTML text: every piece
// of the source becomes a text node (that is the escaping, done first and always), and only a
// whitelist of constructs becomes elements — headings, paragraphs, lists, tables, code, bold,
// italics and http(s) links. Anything else, `<script>` included, stays visible as the text it is.
import { el } from "./dom.js";

export function renderMarkdown(source) {
  const root = el("div", { class: "markdown" });
  const lines = String(source ?? "").replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^\s*$/.test(line)) { i++; continue; }
    if (/^```/.test(line)) {
      const body = [];
      for (i++; i < lines.length && !/^```/.test(lines[i]); i++) body.push(lines[i]);
      i++;
      root.append(el("pre", {}, el("code", {}, body.join("\n"))));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      // Reports sit inside a page that has its own h1/h2: shift by two levels.
      const level = Math.min(heading[1].length + 2, 6);
      root.append(el("h" + level, {}, ...inline(heading[2])));
      i++;
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line) && i + 1 < lines.length && /^\s*\|[\s:|-]+\|\s*$/.test(lines[i + 1])) {
      const rows = [];
      for (; i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i]); i++) rows.push(lines[i]);
      root.append(table(rows));
      continue;
    }
    const listMatch = /^\s*([-*+]|\d+[.)])\s+/.exec(line);
    if (listMatch) {
      const ordered = /\d/.test(listMatch[1]);
      const list = el(ordered ? "ol" : "ul");
      for (; i < lines.length; i++) {
        const item = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(lines[i]);
        if (!item || /\d/.test(item[1]) !== ordered) break;
        list.append(el("li", {}, ...inline(item[2])));
      }
      root.append(list);
      continue;
    }
    const paragraph = [];
    for (; i < lines.length && !/^\s*$/.test(lines[i]) && !/^(#{1,6}\s|```|\s*\|)/.test(lines[i]); i++) {
      if (paragraph.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i])) break;
      paragraph.push(lines[i].trim());
    }
    if (paragraph.length === 0) { root.append(el("p", {}, line)); i++; continue; }
    root.append(el("p", {}, ...inline(paragraph.join(" "))));
  }
  return root;
}

function cells(row) {
  return row.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((cell) => cell.trim());
}

function table(rows) {
  const head = cells(rows[0]);
  const alignments = cells(rows[1]).map((spec) => (/:$/.test(spec) ? "right" : /^:/.test(spec) ? "left" : ""));
  const cell = (tag, text, index) => el(tag, { class: alignments[index] === "right" ? "num" : undefined }, ...inline(text));
  return el("div", { class: "table-scroll", tabindex: 0, role: "region", "aria-label": "Table" },
    el("table", {},
      el("thead", {}, el("tr", {}, head.map((text, index) => cell("th", text, index)))),
      el("tbody", {}, rows.slice(2).map((row) => el("tr", {}, cells(row).map((text, index) => cell("td", text, index)))))));
}

// Underscores mark emphasis only at word edges, so identifiers like window.__x stay as written.
const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*|(?<![\w])_[^_\s][^_]*_(?![\w]))|(\[[^\]]+\]\([^)\s]+\))/;

/** Inline markup to nodes; the text between and inside matches is only ever text. */
export function inline(text) {
  const nodes = [];
  let rest = String(text);
  while (rest.length) {
    const match = INLINE.exec(rest);
    if (!match) { nodes.push(rest); break; }
    if (match.index > 0) nodes.push(rest.slice(0, match.index));
    const token = match[0];
    if (match[1]) nodes.push(el("code", {}, token.slice(1, -1)));
    else if (match[2]) nodes.push(el("strong", {}, ...inline(token.slice(2, -2))));
    else if (match[3]) nodes.push(el("em", {}, ...inline(token.slice(1, -1))));
    else nodes.push(link(token));
    rest = rest.slice(match.index + token.length);
  }
  return nodes;
}

function link(token) {
  const [, label, href] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token);
  // Only web links: a javascript: or data: URL stays text.
  if (!/^https?:\/\//i.test(href)) return token;
  return el("a", { href, rel: "noopener noreferrer nofollow", target: "_blank" }, ...inline(label));
}
