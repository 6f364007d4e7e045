// The entry point: signs in (or restores this tab's session), keeps one socket open while signed
// in, and shows the screen the URL's hash names. Screens are modules of their own.
import { el } from "./dom.js";
import { Api } from "./api.js";
import { Socket } from "./ws.js";
import { bindBadge } from "./badge.js";
import { currentRoute, go } from "./router.js";
import { renderAuth } from "./auth-view.js";
import { ThreadList } from "./threads-view.js";
import { ChatView } from "./chat-view.js";
import { renderUsage } from "./usage-view.js";

const main = document.getElementById("main");
const api = new Api();
const socket = new Socket(api);
let threads = null;
let chat = null;
let notice = null;

bindBadge(document.getElementById("badge"), document.getElementById("reconnect"), socket);

const RUN_ENDS = new Set(["agent_stopped", "agent_completed", "agent_error"]);

socket.addEventListener("event", (event) => {
  const message = event.detail;
  if (chat) chat.handle(message);
  // A run of another conversation (another tab's) ended: its thread moved up the list.
  const p = message.payload || {};
  const ended = RUN_ENDS.has(message.type) && (message.type === "agent_stopped" || p.agent_name === "supervisor" || p.terminal);
  if (ended && threads && (!chat || message.thread_id !== chat.threadId)) threads.load();
});
socket.addEventListener("resync", () => {
  if (chat) chat.reload();
  if (threads) threads.load();
});

api.addEventListener("session", (event) => {
  const { signedIn, reason } = event.detail;
  document.getElementById("top-nav").hidden = !signedIn;
  document.getElementById("sign-out").hidden = !signedIn;
  document.getElementById("who").textContent = signedIn && api.user ? api.user.email : "";
  if (signedIn) {
    socket.start();
  } else {
    socket.stop();
    threads = null;
    chat?.dispose();
    chat = null;
    notice = reason;
    if (reason) go("signin");
  }
});

document.getElementById("sign-out").addEventListener("click", async () => {
  await api.logout();
  go("signin");
});

function show() {
  const route = currentRoute();
  if (!api.signedIn) {
    chat?.dispose();
    chat = null;
    renderAuth(main, api, route.name === "signup" ? "signup" : "signin", {
      notice, onSignedIn: () => { notice = null; go("chat"); },
    });
    return;
  }
  for (const link of document.querySelectorAll("#top-nav a")) {
    if (link.id === `nav-${route.name}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (route.name === "usage") {
    chat?.dispose();
    chat = null;
    renderUsage(main, api);
    return;
  }
  if (route.name !== "chat") { go("chat"); return; }
  if (!threads || !main.contains(threads.element)) {
    threads = new ThreadList(api);
  }
  threads.select(route.id);
  chat?.dispose();
  chat = new ChatView({
    api, socket, threadId: route.id,
    onThreadCreated: (thread) => { threads.select(thread.id); threads.load(); },
    onRunEnded: () => threads.load(),
  });
  main.replaceChildren(el("div", { class: "chat-layout" }, threads.element, chat.element));
  threads.load();
  chat.load();
}

window.addEventListener("hashchange", show);

(async () => {
  main.replaceChildren(el("p", { class: "loading" }, "Loading…"));
  await api.restore();
  show();
})();
