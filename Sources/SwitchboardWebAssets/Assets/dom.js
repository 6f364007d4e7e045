// Building DOM nodes. Text always goes in as text (textContent / text nodes): nothing a user or
// a model wrote is ever parsed as HTML (a test checks that no module assigns markup).

/** el("p", {class: "x", onclick: fn}, "text", child) → <p class="x">text…</p> */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  append(node, ...children);
  return node;
}

const SVG = "http://www.w3.org/2000/svg";

export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  setAttributes(node, attributes);
  append(node, ...children);
  return node;
}

function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
}

/** Appends strings as text nodes, nodes as they are; skips null/undefined/false. */
export function append(node, ...children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** A labelled form field: <label for=id>text</label><input id=id …>. */
export function field(labelText, inputAttributes) {
  const id = inputAttributes.id;
  const input = el(inputAttributes.tag || "input", { ...inputAttributes, tag: undefined });
  return { row: el("div", { class: "field" }, el("label", { for: id }, labelText), input), input };
}

export function visuallyHidden(text) {
  return el("span", { class: "sr-only" }, text);
}
