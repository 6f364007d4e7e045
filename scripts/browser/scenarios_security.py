"""Untrusted text stays text (issue #17's XSS test), and two users never see each other."""
import json
import os

from selenium.webdriver.common.by import By

from harness import Failure, wait_for
import page
from page import css, one, text
from scenarios import XSS, thread_id

NO_SCRIPT_RAN = """
return {
  xss: window.__xss === undefined ? null : window.__xss,
  images: document.querySelectorAll('img').length,
  scripts: [...document.scripts].map(s => s.src.replace(location.origin, '')),
};
"""


def check_nothing_ran(driver, where):
    state = driver.execute_script(NO_SCRIPT_RAN)
    if state["xss"] is not None or state["images"] != 0 or len(state["scripts"]) != 1:
        raise Failure(f"{where}: injected markup took effect: {state}")


def untrusted_text_is_text(ctx):
    d = ctx.driver
    one(d, "#new-chat").click()
    wait_for(lambda: text(d, "#thread-title") == "New chat", 10, "a new chat")
    question = "Why is my LLM bill so high? " + XSS
    page.ask(d, question)
    samples = page.watch_run(d)
    if samples[-1][2] != "completed":
        raise Failure(f"the run ended {samples[-1][2]}")
    places = {}
    # The message, as the text it is.
    bubble = d.execute_script("return [...document.querySelectorAll('.message.user .text')].pop().textContent")
    places["message"] = bubble == question
    # The thread title, in the heading and the list.
    places["title"] = XSS[:20] in text(d, "#thread-title") and any(
        XSS[:20] in a.text for a in css(d, "#thread-list .thread-title"))
    # Tool parameters and the model-written report, wherever the question reached them.
    run = page.current_run(d)
    places["tool parameters"] = any("<img" in pre.get_attribute("textContent")
                                    for pre in run.find_elements(By.CSS_SELECTOR, ".tool-parameters"))
    places["report"] = "<img" in run.find_element(By.CSS_SELECTOR, ".report-final").get_attribute("textContent")
    check_nothing_ran(d, "after the run")
    # The report renderer itself, given hostile Markdown (as a model could write it).
    rendered = d.execute_async_script("""
      const done = arguments[arguments.length - 1];
      const url = performance.getEntriesByType('resource').map(e => e.name).find(n => /\\/assets\\/markdown\\.[0-9a-f]+\\.js$/.test(n));
      import(url).then(({renderMarkdown}) => {
        const node = renderMarkdown(arguments[0]);
        document.getElementById('messages').append(node);
        done({text: node.textContent, links: [...node.querySelectorAll('a')].map(a => a.getAttribute('href')),
              strong: node.querySelectorAll('strong').length});
      }).catch(e => done({error: String(e)}));
    """, "# Report " + XSS + "\n\n**bold** [click](javascript:window.__xss=4) [ok](https://example.com)\n\n| a | b |\n|---|---|\n| " + XSS + " | x |")
    if rendered.get("error") or rendered["links"] != ["https://example.com"] or rendered["strong"] != 1 or XSS not in rendered["text"]:
        raise Failure(f"markdown renderer: {rendered}")
    places["markdown renderer"] = True
    check_nothing_ran(d, "after rendering hostile markdown")
    # A rejection reason quoting the file.
    one(d, "#nav-usage").click()
    path = os.path.join(ctx.workdir, "hostile.ndjson")
    with open(path, "w") as file:
        file.write(json.dumps({"event_id": "x", XSS: 1}) + "\n")
    one(d, "#usage-file").send_keys(path)
    wait_for(lambda: text(d, "#usage-rejected") == "1", 15, "the hostile record's rejection")
    places["rejection reason"] = XSS in one(d, ".rejections").get_attribute("textContent")
    check_nothing_ran(d, "after the rejection")
    page.screenshot(d, ctx.artefacts, "08-untrusted-text")
    for required in ("message", "title", "markdown renderer", "rejection reason"):
        if not places[required]:
            raise Failure(f"the injected text is not shown as text in the {required}: {places}")
    ctx.notes.append("xss: shown as text in " + ", ".join(k for k, v in places.items() if v)
                     + "; not echoed by the server into " + (", ".join(k for k, v in places.items() if not v) or "nothing"))
    one(d, "#nav-chat").click()


def two_users_apart(ctx):
    a = ctx.driver
    b = ctx.browsers.open()
    page.sign_up(b, ctx.server.base, "bob@example.com")
    wait_for(lambda: "No conversations yet." in text(b, "#thread-list"), 10, "bob's empty thread list")
    # Alice asks while Bob watches; Bob's page gets nothing of it.
    a.get(f"{ctx.server.base}/#/chat/{ctx.thread}")
    page.wait_for_live(a)
    page.ask(a, "What did I spend on gpt-4o-mini?")
    page.watch_run(a)
    if css(b, "li.run") or "No conversations yet." not in text(b, "#thread-list"):
        raise Failure("bob's page shows something of alice's run")
    # Alice's thread by its address: not found for Bob, like an id that does not exist.
    b.get(f"{ctx.server.base}/#/chat/{ctx.thread}")
    wait_for(lambda: text(b, "#thread-title") == "Conversation not found", 15, "bob refused alice's thread")
    page.screenshot(b, ctx.artefacts, "09-bob-refused-alices-thread")
    # Bob's own question: his report has none of Alice's numbers (he has no usage data: no charts).
    one(b, "#new-chat").click()
    page.ask(b, "Why is my LLM bill so high?")
    page.watch_run(b)
    report = one(b, "li.run .report-final article.report")
    if page.charts_of(report):
        raise Failure(f"bob, who has no usage data, sees charts: {page.charts_of(report)}")
    # Models only Alice's data has (the data helper's example may name a well-known one).
    alice_models = {"claude-sonnet-4", "gemini-2.5-flash", "claude-3-5-haiku", "claude-opus-4"}
    leaked = [m for m in alice_models if m in report.text]
    if leaked:
        raise Failure(f"bob's report names alice's models: {leaked}")
    page.screenshot(b, ctx.artefacts, "10-bob-own-report")
    if thread_id(b) == ctx.thread:
        raise Failure("bob's new chat reused alice's thread")
