// The connection badge in the header: what the socket is doing, in words (not only colour), and
// a Reconnect button while it is paused.

export function bindBadge(node, button, socket) {
  button.addEventListener("click", () => socket.reconnect());
  socket.addEventListener("status", (event) => {
    const { state, text } = event.detail;
    node.hidden = state === "idle";
    node.dataset.state = state;
    node.textContent = text;
    button.hidden = state !== "paused";
  });
}
