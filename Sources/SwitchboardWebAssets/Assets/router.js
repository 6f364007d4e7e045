// Hash routes, so the server only ever serves `/`: #/signin, #/signup, #/chat, #/chat/<thread>, #/usage.

export function currentRoute() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || "chat", id: parts[1] || null };
}

export function go(name, id) {
  const hash = "#/" + name + (id ? "/" + encodeURIComponent(id) : "");
  if (location.hash === hash) {
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    location.hash = hash;
  }
}
