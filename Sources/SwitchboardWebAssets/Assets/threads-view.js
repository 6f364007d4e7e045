// The list of the user's conversations, newest first, and the New chat button.
import { el } from "./dom.js";
import { time } from "./format.js";

export class ThreadList {
  constructor(api) {
    this.api = api;
    this.list = el("ul", { class: "thread-list", id: "thread-list" });
    this.element = el("nav", { class: "threads", "aria-label": "Conversations" },
      el("a", { href: "#/chat", class: "button primary", id: "new-chat" }, "New chat"),
      el("h2", { class: "sr-only" }, "Your conversations"), this.list);
    this.current = null;
  }

  async load() {
    try {
      const answer = await this.api.request("GET", "/api/threads?limit=50");
      this.draw(answer.threads || []);
    } catch (error) {
      this.list.replaceChildren(el("li", { class: "form-error" }, `Could not load conversations: ${error.message}`));
    }
  }

  draw(threads) {
    if (!threads.length) {
      this.list.replaceChildren(el("li", { class: "empty" }, "No conversations yet."));
      return;
    }
    this.list.replaceChildren(...threads.map((thread) => el("li", {},
      el("a", { href: `#/chat/${encodeURIComponent(thread.id)}`, "aria-current": thread.id === this.current ? "page" : undefined, dataset: { threadId: thread.id } },
        el("span", { class: "thread-title" }, thread.title || "Untitled"),
        el("span", { class: "thread-time" }, time(thread.updated_at))))));
  }

  select(threadId) {
    this.current = threadId;
    for (const link of this.list.querySelectorAll("a")) {
      if (link.dataset.threadId === threadId) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  }
}
