"""375 px, 200 % zoom, dark mode, labels on every control, and signing in with the keyboard only."""
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from harness import Failure, wait_for
import page
from page import css, one, text

UNLABELLED = """
const named = (e) => (e.labels && e.labels.length) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')
  || (e.tagName === 'BUTTON' || e.tagName === 'A') && e.textContent.trim();
return [...document.querySelectorAll('input, textarea, select, button, a[href]')]
  .filter(e => e.type !== 'hidden' && !named(e)).map(e => e.outerHTML.slice(0, 80));
"""

OVERFLOW = "return document.documentElement.scrollWidth - document.documentElement.clientWidth"


def check_labels(driver, where):
    unlabelled = driver.execute_script(UNLABELLED)
    if unlabelled:
        raise Failure(f"{where}: controls without a label: {unlabelled}")


def check_no_sideways_scroll(driver, where):
    overflow = driver.execute_script(OVERFLOW)
    if overflow > 1:
        raise Failure(f"{where}: the page scrolls sideways by {overflow} px")


def small_zoomed_dark(ctx):
    d = ctx.driver
    d.get(f"{ctx.server.base}/#/chat/{ctx.thread}")
    one(d, ".message.assistant article.report")
    check_labels(d, "chat")
    # A phone loads the page at its width (charts are drawn for the width there is).
    d.set_window_size(375, 812)
    d.refresh()
    chart = one(d, ".message.assistant figure.chart")
    label_size = d.execute_script("return arguments[0].querySelector('text.label').getBoundingClientRect().height", chart)
    if label_size < 10:
        raise Failure(f"chart labels at 375 px are {label_size:.1f} px tall")
    check_no_sideways_scroll(d, "375 px")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", chart)
    page.screenshot(d, ctx.artefacts, "11-375px")
    # 200 % zoom of a 1280 px window: a 640 CSS px viewport at twice the pixels.
    d.set_window_size(1280, 900)
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 640, "height": 450, "deviceScaleFactor": 2, "mobile": False})
    try:
        check_no_sideways_scroll(d, "200 % zoom")
        page.screenshot(d, ctx.artefacts, "12-zoom-200")
    finally:
        d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        background = d.execute_script("return getComputedStyle(document.body).backgroundColor")
        channels = [int(c) for c in background[background.index("(") + 1:-1].split(",")[:3]]
        if sum(channels) > 200:
            raise Failure(f"dark mode background is {background}")
        page.screenshot(d, ctx.artefacts, "13-dark")
    finally:
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    one(d, "#nav-usage").click()
    one(d, "#drop-zone")
    check_labels(d, "usage")


def keyboard_only(ctx):
    d = ctx.driver
    one(d, "#sign-out").click()
    one(d, "#auth-email")
    check_labels(d, "sign in")
    keys = ActionChains(d)
    # The e-mail field has focus on arrival; everything else by Tab and Enter.
    keys.send_keys(ctx.email).send_keys(Keys.TAB).send_keys(page.PASSWORD).send_keys(Keys.ENTER).perform()
    page.wait_for_live(d)
    one(d, "#question")
    d.refresh()
    one(d, "#question")
    ActionChains(d).send_keys(Keys.TAB).perform()
    first = d.execute_script("return document.activeElement.textContent")
    if first != "Skip to content":
        raise Failure(f"the first Tab stop is {first!r}, not the skip link")
    page.screenshot(d, ctx.artefacts, "14-keyboard-signed-in")
