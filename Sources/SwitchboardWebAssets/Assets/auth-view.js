// Sign in and sign up: two small forms over /auth/login and /auth/register.
import { el, field } from "./dom.js";

export function renderAuth(main, api, mode, { onSignedIn, notice }) {
  const signUp = mode === "signup";
  const email = field("E-mail", { id: "auth-email", type: "email", name: "email", autocomplete: "email", required: true });
  const password = field("Password", {
    id: "auth-password", type: "password", name: "password", required: true, minlength: signUp ? 10 : undefined,
    autocomplete: signUp ? "new-password" : "current-password", "aria-describedby": signUp ? "password-rule" : undefined,
  });
  const name = signUp ? field("Name (optional)", { id: "auth-name", name: "name", autocomplete: "name" }) : null;
  const message = el("p", { class: "form-error", id: "auth-error", role: "alert" }, notice || "");
  const submit = el("button", { type: "submit", class: "primary", id: "auth-submit" }, signUp ? "Create account" : "Sign in");
  const form = el("form", { class: "card auth", id: "auth-form", novalidate: true },
    el("h1", {}, signUp ? "Create your account" : "Sign in"),
    name && name.row, email.row, password.row,
    signUp ? el("p", { class: "hint", id: "password-rule" }, "At least 10 characters, not your e-mail address.") : null,
    message, submit,
    el("p", {}, signUp ? "Have an account? " : "New here? ",
      el("a", { href: signUp ? "#/signin" : "#/signup", id: "auth-switch" }, signUp ? "Sign in" : "Create an account")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    submit.disabled = true;
    message.textContent = "";
    try {
      if (signUp) await api.register(email.input.value.trim(), password.input.value, name.input.value.trim());
      else await api.login(email.input.value.trim(), password.input.value);
      onSignedIn();
    } catch (error) {
      message.textContent = explain(error);
      submit.disabled = false;
      (error.field === "password" ? password.input : email.input).focus();
    }
  });
  main.replaceChildren(form);
  (name ? name.input : email.input).focus();
}

function explain(error) {
  switch (error.code) {
    case "INVALID_CREDENTIALS": return "That e-mail and password do not match an account.";
    case "EMAIL_TAKEN": return "An account with that e-mail exists already; sign in instead.";
    case "RATE_LIMITED": return "Too many attempts; wait a minute and try again.";
    default: return error.message || "Something went wrong; try again.";
  }
}
