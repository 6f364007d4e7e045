"""The scenarios of issue #17, in order; each leaves the page where the next one starts."""
import json
import os
import time
from urllib.parse import unquote

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from harness import Failure, Server, wait_for
import page
from page import css, one, text

XSS = '<img src=x onerror="window.__xss=1"></script><script>window.__xss=2</script>'


def thread_id(driver):
    fragment = driver.current_url.split("#/chat/")
    return unquote(fragment[1]) if len(fragment) == 2 else None


def sign_up_and_in(ctx):
    d = ctx.driver = ctx.browsers.open()
    d.get(ctx.server.base + "/")
    one(d, "#auth-form")
    shown = [s for s in ("#top-nav", "#sign-out", "#reconnect", "#badge") if one(d, s).is_displayed()]
    if shown:
        raise Failure(f"signed out, yet these show: {shown}")
    page.screenshot(d, ctx.artefacts, "00-sign-in")
    page.sign_up(d, ctx.server.base, ctx.email)
    one(d, "#question")
    stored = d.execute_script("return [localStorage.length, Object.keys(sessionStorage)]")
    if stored[0] != 0 or stored[1] != ["switchboard.refresh"]:
        raise Failure(f"tokens stored where they should not be: localStorage {stored[0]} items, sessionStorage {stored[1]}")
    page.screenshot(d, ctx.artefacts, "01-signed-up")


def upload_usage(ctx):
    d = ctx.driver
    one(d, "#nav-usage").click()
    one(d, "#demo-data").click()
    wait_for(lambda: text(d, "#usage-accepted") == "3,000", 60, "3,000 demo records accepted")
    if text(d, "#usage-duplicates") != "0" or text(d, "#usage-rejected") != "0":
        raise Failure(f"demo upload: duplicates {text(d, '#usage-duplicates')}, rejected {text(d, '#usage-rejected')}")
    records = [
        {"event_id": "file-1", "timestamp": "2026-12-01T10:00:00Z", "model": "gpt-4o", "provider": "openai",
         "input_tokens": 100, "output_tokens": 20, "latency_ms": 900},
        {"event_id": "file-2", "timestamp": "2026-12-01T11:00:00Z", "model": "gpt-4o", "provider": "openai",
         "input_tokens": -5, "output_tokens": 20, "latency_ms": 900},
        {"event_id": "web-demo-1-0", "timestamp": "2026-12-01T12:00:00Z", "model": "gpt-4o", "provider": "openai",
         "input_tokens": 1, "output_tokens": 1, "latency_ms": 1},
    ]
    path = os.path.join(ctx.workdir, "calls.ndjson")
    with open(path, "w") as file:
        file.write("\n".join(json.dumps(r) for r in records) + "\n")
    one(d, "#usage-file").send_keys(path)
    wait_for(lambda: "calls.ndjson" in text(d, "#usage-result h2") and text(d, "#usage-rejected") == "1", 15, "the NDJSON file's answer")
    got = (text(d, "#usage-accepted"), text(d, "#usage-duplicates"))
    if got != ("1", "1") or "record 1: input_tokens must not be negative" not in text(d, ".rejections"):
        raise Failure(f"NDJSON upload shown as accepted/duplicates {got}, rejections {text(d, '.rejections')!r}")
    page.screenshot(d, ctx.artefacts, "02-usage-uploaded")
    # The same kind of file dropped on the zone (a drop event carrying a File, as a drag from the desktop makes).
    d.execute_script("""
      const file = new File([arguments[0]], 'dropped.json', {type: 'application/json'});
      const transfer = new DataTransfer();
      transfer.items.add(file);
      const zone = document.getElementById('drop-zone');
      zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: transfer, bubbles: true, cancelable: true}));
      zone.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
    """, json.dumps([dict(records[0], event_id="dropped-1")]))
    wait_for(lambda: "dropped.json" in text(d, "#usage-result h2") and text(d, "#usage-accepted") == "1", 15, "the dropped file's answer")
    if "null" in text(d, "#usage-result") or "undefined" in text(d, "#usage-result"):
        raise Failure(f"the usage answer shows a placeholder: {text(d, '#usage-result')!r}")


def ask_and_watch(ctx):
    d = ctx.driver
    one(d, "#nav-chat").click()
    d.set_window_size(1280, 1300)  # tall enough for the mid-run screenshot to show a running card
    # Records whether the report's draft was ever on screen while deltas arrived (it is replaced at the end).
    d.execute_script("""
      window.__draftSeen = false;
      new MutationObserver(() => {
        if ([...document.querySelectorAll('.report-draft')].some(e => !e.hidden && e.textContent.length > 20)) window.__draftSeen = true;
      }).observe(document.getElementById('messages'), {subtree: true, childList: true, attributes: true});
    """)
    page.ask(d, "Why is my LLM bill so high, and how can I cut it by 30%?")
    shot = {}

    def mid_run(samples):
        _, cards, state, busy_tools = samples[-1]
        # An agent at work with tool calls behind it: the picture of a run in the README.
        if state == "running" and cards >= 2 and busy_tools >= 2 and "mid" not in shot:
            shot["mid"] = page.screenshot(d, ctx.artefacts, "03-chat-mid-run")

    samples = page.watch_run(d, on_sample=mid_run)
    final_cards, final_state = samples[-1][1], samples[-1][2]
    if "mid" not in shot:
        raise Failure("never saw an agent at work with two tool calls (no mid-run screenshot)")
    if final_state != "completed":
        raise Failure(f"the run ended {final_state}")
    while_running = sorted({cards for _, cards, state, _ in samples if state == "running"})
    if not any(0 < cards < final_cards for cards in while_running) or len(while_running) < 3:
        raise Failure(f"cards did not appear one after another while running: counts seen {while_running}, final {final_cards}")
    ctx.notes.append(f"ask: {final_cards} agent cards appeared at counts {while_running} over {samples[-1][0]} s")
    if not d.execute_script("return window.__draftSeen"):
        raise Failure("the report's text never showed while its deltas arrived")
    run = page.current_run(d)
    if not run.find_elements(By.CSS_SELECTOR, ".tool .duration") or not run.find_elements(By.CSS_SELECTOR, ".thinking p"):
        raise Failure("agent cards without tool calls or thinking text")
    report = one(d, "li.run .report-final article.report")
    ctx.day_chart = page.expect_report_charts(report, "live report")
    ctx.notes.append("cost-per-day: " + ("chart drawn" if ctx.day_chart else "report has no cost_by_day: note shown"))
    ctx.thread = thread_id(d)
    ctx.title = text(d, "#thread-title")
    page.screenshot(d, ctx.artefacts, "04-report-full-page", full_height=True)
    d.set_window_size(1280, 1500)
    d.execute_script("window.scrollTo(0, arguments[0].getBoundingClientRect().top + window.scrollY - 70)", run)
    page.screenshot(d, ctx.artefacts, "04-report")
    d.set_window_size(1280, 900)


def reload_keeps_thread(ctx):
    d = ctx.driver
    d.refresh()
    wait_for(lambda: text(d, "#thread-title") == ctx.title, 15, "the thread title after reload")
    report = one(d, ".message.assistant article.report")
    page.expect_report_charts(report, "reloaded report")
    if not css(d, f'#thread-list a[data-thread-id="{ctx.thread}"][aria-current="page"]'):
        raise Failure("the thread is not listed (and current) after reload")
    page.screenshot(d, ctx.artefacts, "05-reloaded")


def network_drop(ctx):
    d = ctx.driver
    page.wait_for_live(d)
    page.watch_badge(d)
    token = ctx.server.post("/auth/login", {"email": ctx.email, "password": page.PASSWORD})["access_token"]
    page.ask(d, "How did gpt-4o and claude-sonnet-4 compare on latency in the last 30 days?")
    wait_for(lambda: page.run_state(d) == "running" and len(css(page.current_run(d), ".agent-card")) >= 1, 20, "a running run")
    # Three more connections of the same user: the server closes the oldest, the page's (1008).
    sockets = [ctx.server.open_websocket(token) for _ in range(3)]
    try:
        wait_for(lambda: any(state == "reconnecting" for state, _ in page.badge_log(d)), 10, "the badge to show reconnecting")
        wait_for(lambda: "nothing missed" in text(d, "#badge"), 20, "the badge to say nothing missed")
        ctx.notes.append("badge: " + " → ".join(dict.fromkeys(t for _, t in page.badge_log(d))))
        samples = page.watch_run(d)
        if samples[-1][2] != "completed":
            raise Failure(f"the run ended {samples[-1][2]} after the reconnect")
        run = page.current_run(d)
        names = [card.get_attribute("data-agent") for card in run.find_elements(By.CSS_SELECTOR, ".agent-card")]
        if len(names) != len(set(names)) or len(names) < 3:
            raise Failure(f"agent cards after the resume: {names}")
        tools = [t.get_attribute("data-state") for t in run.find_elements(By.CSS_SELECTOR, ".tool")]
        if any(state == "running" for state in tools):
            raise Failure(f"a tool call never finished on the page: {tools}")
        one(d, "li.run:last-of-type .report-final article.report")
        page.screenshot(d, ctx.artefacts, "06-reconnected-nothing-missed")
    finally:
        for connection in sockets:
            connection.close()


def stop_run(ctx):
    d = ctx.driver
    page.ask(d, "Which of my models are slowest, and what would a cheaper setup cost?")
    wait_for(lambda: page.run_state(d) == "running" and len(css(page.current_run(d), ".agent-card")) >= 1, 20, "a running run")
    run_id = page.current_run(d).get_attribute("data-run-id")
    one(d, "li.run:last-of-type button.stop").click()
    wait_for(lambda: page.run_state(d) == "stopped", 15, "the stopped state")
    state_text = text(d, "li.run:last-of-type .run-state")
    if not state_text.startswith("Stopped"):
        raise Failure(f"stopped run says {state_text!r}")
    if css(d, "li.run:last-of-type .report-final article"):
        raise Failure("a stopped run shows a report")
    page.screenshot(d, ctx.artefacts, "07-stopped")
    d.refresh()
    wait_for(lambda: css(d, f'.run-outcome[data-run-id="{run_id}"][data-state="cancelled"]'), 15, "the stopped run after reload")


DAY_CHART = """
const done = arguments[arguments.length - 1];
const url = performance.getEntriesByType('resource').map(e => e.name).find(n => /\\/assets\\/report-view\\.[0-9a-f]+\\.js$/.test(n));
import(url).then(({renderReport}) => {
  const days = Array.from({length: 30}, (_, i) => ({key: new Date(Date.UTC(2026, 10, 1 + i)).toISOString().slice(0, 10),
    cost_usd: i === 20 ? 55 : 1.5 + (i % 7) / 4, calls: 100}));
  const node = renderReport('# Synthetic', {cost_by_model: [{key: 'gpt-4o', cost_usd: 12, calls: 3}],
    latency: [{model: 'gpt-4o', latency_p50_ms: 900, latency_p99_ms: 3000}],
    cost_by_day: days, anomaly_days: [{day: days[20].key, cost_usd: 55}]});
  node.id = 'synthetic-report';
  document.getElementById('messages').append(node);
  const chart = node.querySelector('figure[data-chart="cost-per-day"]');
  done({points: chart ? chart.querySelector('polyline').getAttribute('points').split(' ').length : 0,
        anomalies: chart ? [...chart.querySelectorAll('circle.anomaly title')].map(t => t.textContent) : []});
}).catch(e => done({error: String(e)}));
"""


def day_chart_from_cost_by_day(ctx):
    """The cost-per-day line as it will be drawn once reports carry `cost_by_day` (a report of the
    page's own making, through the page's own module)."""
    d = ctx.driver
    drawn = d.execute_async_script(DAY_CHART)
    if drawn.get("error") or drawn["points"] != 30 or drawn["anomalies"] != ["2026-11-21: $55.00 (anomaly)"]:
        raise Failure(f"cost-per-day chart from cost_by_day: {drawn}")
    figure = one(d, '#synthetic-report figure[data-chart="cost-per-day"]')
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", figure)
    page.screenshot(d, ctx.artefacts, "05b-cost-per-day-chart", element=figure)
    d.execute_script("document.getElementById('synthetic-report').remove()")


def resume_unavailable(ctx):
    """A server that keeps one event per user: a page away while a run went by cannot be replayed
    to; the badge says why and the thread comes back over REST with the report it never saw live."""
    server = ctx.trimming_server = Server(ctx.binary, ctx.trimming_workdir, {
        "SWITCHBOARD_JWT_SECRET": ctx.secret, "SWITCHBOARD_BCRYPT_COST": "4", "SWITCHBOARD_AGENT_TOOL_DELAY_MS": "50",
        "SWITCHBOARD_EVENT_LOG_MAX_EVENTS_PER_USER": "1", "SWITCHBOARD_EVENT_LOG_TRIM_INTERVAL_SECONDS": "0.1",
    })
    d = ctx.browsers.open()
    page.sign_up(d, server.base, "carol@example.com")
    page.ask(d, "Why is my LLM bill so high?")
    page.watch_run(d)
    thread = thread_id(d)
    page.watch_badge(d)
    token = server.post("/auth/login", {"email": "carol@example.com", "password": page.PASSWORD})["access_token"]
    d.execute_cdp_cmd("Network.enable", {})
    offline = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    d.execute_cdp_cmd("Network.emulateNetworkConditions", offline)
    sockets = [server.open_websocket(token) for _ in range(3)]
    try:
        wait_for(lambda: any(state == "reconnecting" for state, _ in page.badge_log(d)), 10, "the badge to show reconnecting")
        # While the page is away: a run in its thread, then the trimmer keeps only the last event.
        started = server.post("/api/agent/run_agent", {"query": "What would caching save me?", "thread_id": thread}, token)
        wait_for(lambda: server.get(f"/api/agent/{started['run_id']}/status", token)["status"] == "completed", 20, "the run while offline")
        time.sleep(0.5)
    finally:
        d.execute_cdp_cmd("Network.emulateNetworkConditions", {**offline, "offline": False})
        for connection in sockets:
            connection.close()
    wait_for(lambda: "could not replay (trimmed)" in text(d, "#badge"), 20, "the badge to say the resume was unavailable")
    wait_for(lambda: len(css(d, ".message.assistant article.report")) == 2
             and "What would caching save me?" in text(d, "#messages"), 15, "the thread reloaded over REST")
    ctx.notes.append("resume unavailable: " + text(d, "#badge"))
    page.screenshot(d, ctx.artefacts, "07b-resume-unavailable-reloaded")
    ctx.browsers.drivers.remove(d)
    d.quit()
    server.stop()
    ctx.trimming_server = None


def token_refreshed_before_expiry(ctx):
    """The page's clock moved to 30 s before the access token expires: its next request renews the
    pair first (POST /auth/refresh), and the page carries on signed in."""
    d = ctx.driver
    count = "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('/auth/refresh')).length"
    before = d.execute_script(count)
    old_refresh = d.execute_script("return sessionStorage.getItem('switchboard.refresh')")
    d.execute_script("const real = Date.now; Date.now = () => real() + (15 * 60 - 30) * 1000;")
    one(d, "#nav-usage").click()
    one(d, "#drop-zone")
    one(d, "#nav-chat").click()
    wait_for(lambda: d.execute_script(count) > before, 10, "a POST /auth/refresh before the token expired")
    wait_for(lambda: css(d, "#thread-list a"), 10, "the thread list loaded with the renewed token")
    if d.execute_script("return sessionStorage.getItem('switchboard.refresh')") == old_refresh:
        raise Failure("the refresh token was not rotated")
    if css(d, "#auth-form"):
        raise Failure("signed out by the refresh")
    d.refresh()  # back to the real clock
    page.wait_for_live(d)


def reload_mid_run(ctx):
    """A reload while a run goes: the run's timeline comes back from its start (every agent, once)
    and follows it to its report."""
    d = ctx.driver
    page.ask(d, "Where does my LLM money go, model by model?")
    wait_for(lambda: page.run_state(d) == "running" and len(css(page.current_run(d), ".agent-card")) >= 2, 20, "a run two agents in")
    run_id = page.current_run(d).get_attribute("data-run-id")
    d.refresh()
    wait_for(lambda: css(d, f'li.run[data-run-id="{run_id}"]'), 15, "the running run's timeline after the reload")
    samples = page.watch_run(d)
    if samples[-1][2] != "completed":
        raise Failure(f"the run ended {samples[-1][2]} after the reload")
    run = one(d, f'li.run[data-run-id="{run_id}"]')
    names = [card.get_attribute("data-agent") for card in run.find_elements(By.CSS_SELECTOR, ".agent-card")]
    if names[:1] != ["triage"] or len(names) != len(set(names)):
        raise Failure(f"agent cards after the reload (expected every agent from triage, once each): {names}")
    if any(t.get_attribute("data-state") == "running" for t in run.find_elements(By.CSS_SELECTOR, ".tool")):
        raise Failure("a tool call never finished on the page after the reload")
    page.expect_report_charts(one(d, f'li.run[data-run-id="{run_id}"] .report-final article.report'), "report after a reload mid-run")
    d.execute_script("window.scrollTo(0, arguments[0].getBoundingClientRect().top + window.scrollY - 70)", run)
    page.screenshot(d, ctx.artefacts, "05c-reloaded-mid-run")


def too_many_tabs(ctx):
    """More connections than the server allows a user: instead of closing another tab by
    reconnecting at once (which would then do the same), the page pauses after three closes in a
    minute and waits for its Reconnect button, which resumes with nothing missed."""
    d = ctx.driver
    page.wait_for_live(d)
    token = ctx.server.post("/auth/login", {"email": ctx.email, "password": page.PASSWORD})["access_token"]
    sockets = []
    try:
        for _ in range(3):
            page.watch_badge(d)
            sockets += [ctx.server.open_websocket(token) for _ in range(3)]
            state = wait_for(lambda: (lambda s: s if s in ("paused",) or (s == "live" and any(
                st == "reconnecting" for st, _ in page.badge_log(d))) else None)(one(d, "#badge").get_attribute("data-state")),
                15, "the page to reconnect or pause")
            if state == "paused":
                break
        if one(d, "#badge").get_attribute("data-state") != "paused":
            raise Failure(f"three closes for other connections and the page still reconnects: {text(d, '#badge')!r}")
        page.screenshot(d, ctx.artefacts, "06b-paused-too-many-tabs")
        time.sleep(1.5)
        if one(d, "#badge").get_attribute("data-state") != "paused":
            raise Failure("the paused page reconnected by itself")
    finally:
        for connection in sockets:
            connection.close()
    one(d, "#reconnect").click()
    wait_for(lambda: "nothing missed" in text(d, "#badge"), 15, "Reconnect to resume with nothing missed")
    if one(d, "#reconnect").is_displayed():
        raise Failure("the Reconnect button stays after reconnecting")
