// The connection badge in the header: what the socket is doing, in words (not only colour).

export function bindBadge(node, socket) {
  socket.addEventListener("status", (event) => {
    const { state, text } = event.detail;
    node.hidden = state === "idle";
    node.dataset.state = state;
    node.textContent = text;
  });
}
