"""Runs the LangGraph API suite against a real `switchboard serve` through `langgraph-sdk`'s async
client. Usage: run.py <switchboard binary> <work directory>. Ends with `N passed, N failed`."""
import asyncio
import os
import signal
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import Server  # noqa: E402
import scenarios  # noqa: E402
import scenarios_runs  # noqa: E402


async def main(binary, workdir):
    server = Server(binary, workdir, {
        # Slow tools make a run last a few seconds: long enough to cancel, interrupt or drop.
        "SWITCHBOARD_AGENT_TOOL_DELAY_MS": "250",
        "SWITCHBOARD_SSE_HEARTBEAT_SECONDS": "0.5",
        "SWITCHBOARD_AGENT_MAX_CONCURRENT_RUNS": "20",
        "SWITCHBOARD_BCRYPT_COST": "4",
    })
    passed, failed = 0, 0
    try:
        # Usage data for alice, so her runs take the full workflow (more steps, a longer report).
        server.command("demo-data", "--user", "alice", "--days", "30", "--events", "1500")
        server.start()
        context = scenarios.Context(server)
        for scenario in scenarios.ALL + scenarios_runs.ALL:
            started = time.monotonic()
            try:
                await asyncio.wait_for(scenario(context), timeout=120)
                passed += 1
                print(f"PASS {scenario.__name__} ({time.monotonic() - started:.1f} s)", flush=True)
            except Exception:
                failed += 1
                print(f"FAIL {scenario.__name__} ({time.monotonic() - started:.1f} s)", flush=True)
                traceback.print_exc()
        if failed:
            print("--- server log (end) ---\n" + server.tail())
    finally:
        server.stop()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def interrupted(signum, frame):
    # SIGTERM unwinds like Ctrl-C, through the `finally` that stops the server.
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, interrupted)
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))
