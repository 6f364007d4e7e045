"""What a person does on the page, as WebDriver steps, and what the tests read back from it."""
import time

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from harness import Failure, wait_for

PASSWORD = "correct horse battery staple"

BADGE_LOG = """
window.__badgeLog = [];
const badge = document.getElementById('badge');
const note = () => window.__badgeLog.push([badge.dataset.state || '', badge.textContent]);
note();
new MutationObserver(note).observe(badge, {attributes: true, childList: true, characterData: true, subtree: true});
"""


def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def one(driver, selector, timeout=15):
    return wait_for(lambda: (css(driver, selector) or [None])[0], timeout, f"element {selector}")


def text(driver, selector):
    found = css(driver, selector)
    return found[0].text if found else ""


def watch_badge(driver):
    driver.execute_script(BADGE_LOG)


def badge_log(driver):
    return driver.execute_script("return window.__badgeLog || []")


def sign_up(driver, base, email):
    driver.get(base + "/#/signup")
    one(driver, "#auth-email").send_keys(email)
    one(driver, "#auth-name").send_keys("Test " + email.split("@")[0])
    one(driver, "#auth-password").send_keys(PASSWORD)
    one(driver, "#auth-submit").click()
    wait_for_live(driver)


def wait_for_live(driver, timeout=15):
    wait_for(lambda: one(driver, "#badge").get_attribute("data-state") == "live", timeout, "the badge to say live")


def ask(driver, question, attempts=20):
    # Right after a navigation (a new chat) the page may render its composer again: an element
    # found a moment before is then stale, so it is found anew.
    for attempt in range(attempts):
        try:
            box = one(driver, "#question")
            box.clear()
            box.send_keys(question)
            box.send_keys(Keys.ENTER)
            return
        except StaleElementReferenceException:
            if attempt == attempts - 1:
                raise
            time.sleep(0.1)


def current_run(driver):
    runs = css(driver, "li.run")
    return runs[-1] if runs else None


def run_state(driver):
    run = current_run(driver)
    return run.get_attribute("data-state") if run else None


def watch_run(driver, timeout=90, on_sample=None):
    """Samples the last run's agent cards every 50 ms until it ends: [(seconds, cards, state, tools of
    the running card)]."""
    samples = []
    start = time.monotonic()
    wait_for(lambda: current_run(driver), 15, "the run's timeline to appear", interval=0.02)
    while time.monotonic() - start < timeout:
        state, cards, busy_tools = driver.execute_script(
            "const r = [...document.querySelectorAll('li.run')].pop();"
            "const busy = r.querySelector('.agent-card[data-state=\"running\"]');"
            "return [r.dataset.state, r.querySelectorAll('.agent-card').length, busy ? busy.querySelectorAll('.tool').length : 0];")
        samples.append((round(time.monotonic() - start, 2), cards, state, busy_tools))
        if on_sample:
            on_sample(samples)
        if state != "running":
            return samples
        time.sleep(0.05)
    raise Failure(f"the run did not end within {timeout} s (last sample {samples[-1]})")


def charts_of(element):
    return {figure.get_attribute("data-chart") for figure in element.find_elements(By.CSS_SELECTOR, "figure.chart")}


def has_missing_day_note(element):
    return bool(element.find_elements(By.CSS_SELECTOR, "[data-missing-chart='cost-per-day']"))


def expect_report_charts(element, where):
    """Cost by model and latency always; cost per day when the report carries cost_by_day, else the note."""
    charts = charts_of(element)
    missing = {"cost-by-model", "latency"} - charts
    if missing:
        raise Failure(f"{where}: charts missing: {sorted(missing)} (found {sorted(charts)})")
    if "cost-per-day" not in charts and not has_missing_day_note(element):
        raise Failure(f"{where}: neither the cost-per-day chart nor the note saying why it is absent")
    for figure in element.find_elements(By.CSS_SELECTOR, "figure.chart svg"):
        if not figure.find_elements(By.CSS_SELECTOR, "rect, polyline"):
            raise Failure(f"{where}: an empty chart")
    return "cost-per-day" in charts


def screenshot(driver, directory, name, element=None, full_height=None):
    path = f"{directory}/{name}.png"
    if full_height:
        size = driver.get_window_size()
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(size["width"], min(max(height + 120, size["height"]), 6000))
        time.sleep(0.2)
        driver.save_screenshot(path)
        driver.set_window_size(size["width"], size["height"])
    elif element is not None:
        element.screenshot(path)
    else:
        driver.save_screenshot(path)
    return path
