"""Issue #17's browser suite: a real `switchboard serve`, real Chromium, the page as people use it.
Usage: run.py BINARY ARTEFACT_DIR. Prints one line per scenario and `N passed, N failed` last;
exits 1 when any scenario failed. Every process and temporary directory is removed on the way out."""
import os
import secrets
import shutil
import signal
import sys
import tempfile
import time
import traceback

from harness import Browsers, Failure, Server, cleanup
import scenarios
import scenarios_layout
import scenarios_security

SCENARIOS = [
    ("sign up (tokens not in localStorage)", scenarios.sign_up_and_in),
    ("usage: demo data, NDJSON file with a duplicate and a rejection", scenarios.upload_usage),
    ("ask: agent cards appear one after another, report with three charts", scenarios.ask_and_watch),
    ("reload: the thread and its report are still there", scenarios.reload_keeps_thread),
    ("reload during a run: the timeline comes back from its start and follows it", scenarios.reload_mid_run),
    ("cost per day: a line with the anomaly day marked, from cost_by_day", scenarios.day_chart_from_cost_by_day),
    ("token: renewed before it expires, refresh token rotated", scenarios.token_refreshed_before_expiry),
    ("network drop: badge shows reconnecting, then nothing missed", scenarios.network_drop),
    ("more tabs than allowed: the page pauses, Reconnect resumes", scenarios.too_many_tabs),
    ("stop during a run shows the stopped state (and after reload)", scenarios.stop_run),
    ("resume unavailable: the badge says why, the thread is reloaded", scenarios.resume_unavailable),
    ("untrusted text is rendered as text; no script runs", scenarios_security.untrusted_text_is_text),
    ("two users in two browsers never see each other", scenarios_security.two_users_apart),
    ("375 px, 200 % zoom, dark mode, labels", scenarios_layout.small_zoomed_dark),
    ("keyboard only: sign in, skip link first", scenarios_layout.keyboard_only),
]


class Context:
    pass


def interrupted(*_):
    raise KeyboardInterrupt()


def main(binary, artefacts):
    shutil.rmtree(artefacts, ignore_errors=True)
    os.makedirs(artefacts)
    workdir = tempfile.mkdtemp(prefix="switchboard-browser-")
    ctx = Context()
    ctx.workdir, ctx.artefacts, ctx.notes = workdir, artefacts, []
    ctx.email = "alice@example.com"
    ctx.server = ctx.trimming_server = None
    ctx.binary, ctx.secret = binary, secrets.token_hex(32)
    ctx.trimming_workdir = tempfile.mkdtemp(prefix="trimming-", dir=workdir)
    ctx.browsers = Browsers(workdir)
    passed = failed = 0
    started = time.monotonic()
    # SIGTERM (CI timeouts) takes the same way out as a failure: through `finally`.
    signal.signal(signal.SIGTERM, interrupted)
    try:
        ctx.server = Server(binary, workdir, {
            "SWITCHBOARD_JWT_SECRET": ctx.secret,
            "SWITCHBOARD_BCRYPT_COST": "4",
            # Slow tools so a run lasts long enough to watch, drop and stop (about 3-4 s).
            "SWITCHBOARD_AGENT_TOOL_DELAY_MS": "250",
        })
        print(f"server on port {ctx.server.port}, artefacts in {artefacts}", flush=True)
        skip = False
        for name, scenario in SCENARIOS:
            if skip:
                print(f"SKIP {name} (an earlier scenario it depends on failed)", flush=True)
                failed += 1
                continue
            begin = time.monotonic()
            try:
                scenario(ctx)
                passed += 1
                print(f"PASS {name} ({time.monotonic() - begin:.1f} s)", flush=True)
            except Exception as error:
                failed += 1
                print(f"FAIL {name} ({time.monotonic() - begin:.1f} s): {error}", flush=True)
                if not isinstance(error, Failure):
                    traceback.print_exc()
                for index, driver in enumerate(ctx.browsers.drivers):
                    try:
                        driver.save_screenshot(os.path.join(artefacts, f"failed-{len(os.listdir(artefacts)):02d}-browser{index}.png"))
                    except Exception:
                        pass
                # Later scenarios build on the signed-in page and the first thread.
                skip = scenario in (scenarios.sign_up_and_in, scenarios.ask_and_watch)
        for note in ctx.notes:
            print("  note: " + note)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        failed += 1
    except Exception as error:
        print(f"FAIL setup: {error}", flush=True)
        failed += 1
    finally:
        ctx.browsers.close()
        if ctx.trimming_server:
            ctx.trimming_server.stop()
        if ctx.server:
            code = ctx.server.stop()
            if code != 0:
                print(f"FAIL switchboard serve exited with {code}; its log is in {artefacts}/serve.log")
                failed += 1
            shutil.copy(ctx.server.log_path, os.path.join(artefacts, "serve.log"))
        cleanup(workdir)
    print(f"browser suite took {time.monotonic() - started:.1f} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
