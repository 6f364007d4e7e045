"""Scenarios with runs: background runs and join, every stream mode, a dropped stream joined with
Last-Event-ID, cancel (interrupt and rollback), the four multitask strategies, on_disconnect,
stateless runs."""
import asyncio

from langgraph_sdk.errors import ConflictError, NotFoundError

from scenarios import expect, human

QUESTION = "Why is my LLM bill so high and how can I cut it?"


async def until_status(client, tid, rid, wanted, timeout=30):
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        status = (await client.runs.get(tid, rid))["status"]
        if status in wanted:
            return status
        assert asyncio.get_running_loop().time() < deadline, f"run {rid} stayed {status}, wanted {wanted}"
        await asyncio.sleep(0.05)


async def collect(stream):
    return [part async for part in stream]


async def background_run_and_join(context):
    client = context.client("alice")
    tid = (await client.threads.create())["thread_id"]
    run = await client.runs.create(tid, "supervisor", input=human(QUESTION), metadata={"ticket": "T-1"})
    assert run["status"] in ("pending", "running") and run["metadata"] == {"ticket": "T-1"}, run
    assert (await client.threads.get(tid))["status"] == "busy"
    values = await client.runs.join(tid, run["run_id"])
    kinds = [m["type"] for m in values["messages"]]
    assert kinds == ["human", "ai"] and values["messages"][0]["content"] == QUESTION, kinds
    assert values["report"], "the last report is in the values"
    done = await client.runs.get(tid, run["run_id"])
    assert done["status"] == "success" and done["assistant_id"] == run["assistant_id"], done
    assert [r["run_id"] for r in await client.runs.list(tid)] == [run["run_id"]]
    assert [r["run_id"] for r in await client.runs.list(tid, status="success")] == [run["run_id"]]
    assert await client.runs.list(tid, status="running") == []
    state = await client.threads.get_state(tid)
    assert state["values"] == values and state["checkpoint"]["checkpoint_id"] == values["messages"][-1]["id"]
    thread = await client.threads.get(tid)
    assert thread["status"] == "idle" and thread["values"] == values
    history = await client.threads.get_history(tid)
    assert [len(h["values"]["messages"]) for h in history] == [2], history
    second = await client.runs.wait(tid, "supervisor", input=human("and latency?"))
    assert [m["type"] for m in second["messages"]] == ["human", "ai", "human", "ai"], second
    history = await client.threads.get_history(tid)
    assert [len(h["values"]["messages"]) for h in history] == [4, 2], [len(h["values"]["messages"]) for h in history]


async def stream_modes(context):
    client = context.client("alice")
    tid = (await client.threads.create())["thread_id"]
    parts = await collect(client.runs.stream(
        tid, "supervisor", input=human(QUESTION), stream_mode=["values", "updates", "messages-tuple", "custom", "events"]))
    assert parts[0].event == "metadata" and parts[0].data["run_id"], parts[0]
    rid = parts[0].data["run_id"]
    by_event = {}
    for part in parts:
        by_event.setdefault(part.event, []).append(part.data)
    assert parts[-1].event == "end" and parts[-1].data == {"run_id": rid, "status": "success"}, parts[-1]
    values = by_event["values"]
    # As LangGraph streams one values chunk per super-step: one as the run starts, one after
    # every agent step (each updates chunk), one at the end.
    assert len(values) > 2 and len(values) == len(by_event["updates"]) + 2, (len(values), len(by_event["updates"]))
    assert all([m["type"] for m in value["messages"]] == ["human"] for value in values[:-1]), values
    assert [m["type"] for m in values[-1]["messages"]] == ["human", "ai"]
    agents = [next(iter(update)) for update in by_event["updates"]]
    assert agents[0] == "triage" and agents[-1] == "reporting", agents
    assert all(len(update) == 1 for update in by_event["updates"])
    chunks = by_event["messages"]
    assert chunks and all(chunk[0]["type"] == "AIMessageChunk" and chunk[1]["run_id"] == rid for chunk in chunks)
    # The reporting agent streams the report's summary as it writes it; the stored report carries it.
    summary = "".join(chunk[0]["content"] for chunk in chunks).strip()
    assert summary and summary == str(values[-1]["report"].get("summary", "")).strip(), (summary[:80], values[-1]["report"].keys())
    custom = by_event["custom"]
    assert custom[0]["type"] == "agent_started" and custom[-1]["type"] == "agent_completed", custom[-1]
    assert all(event["run_id"] == rid and event["user_id"] == "alice" for event in custom)
    offsets = [event["offset"] for event in custom]
    assert offsets == sorted(set(offsets)), "custom events repeat or go back"
    kinds = {event["event"] for event in by_event["events"]}
    assert {"on_chain_start", "on_chain_end", "on_tool_start", "on_tool_end", "on_chat_model_stream"} <= kinds, kinds
    # One mode at a time, as most clients ask.
    for mode, event in [("values", "values"), ("updates", "updates"), ("messages-tuple", "messages"), ("custom", "custom"),
                        ("events", "events")]:
        parts = await collect(client.runs.stream(tid, "supervisor", input=human("what about caching?"), stream_mode=mode))
        names = {part.event for part in parts}
        assert names == {"metadata", event, "end"}, (mode, names)


async def dropped_stream(client, tid, mode, count):
    """Starts a run streamed in `mode` and drops the stream after `count` parts past its
    metadata: the run's id and the parts received."""
    rid, parts = None, []
    stream = client.runs.stream(tid, "supervisor", input=human(QUESTION), stream_mode=mode)
    async for part in stream:
        if part.event == "metadata":
            rid = part.data["run_id"]
            continue
        parts.append(part)
        if len(parts) == count:
            break
    await stream.aclose()
    return rid, parts


async def join_after_dropped_stream(context):
    """A stream dropped in the middle, joined again with its Last-Event-ID: together the two
    parts are exactly the run's events, none lost, none repeated."""
    client = context.client("alice")
    tid = (await client.threads.create())["thread_id"]
    rid, parts = await dropped_stream(client, tid, "custom", 6)
    first, last_id = [part.data["offset"] for part in parts], parts[-1].id
    assert last_id and last_id.endswith(":%d" % first[-1]), last_id
    assert (await client.runs.get(tid, rid))["status"] == "running", "the run ended with its first stream"
    rest = [part.data["offset"] for part in await collect(client.runs.join_stream(tid, rid, last_event_id=last_id))
            if part.event == "custom"]
    whole = [part.data["offset"] for part in await collect(client.runs.join_stream(tid, rid, stream_mode="custom"))
             if part.event == "custom"]
    assert first + rest == whole, (first, rest[:3], whole[:10])
    assert len(set(whole)) == len(whole)
    assert (await client.runs.get(tid, rid))["status"] == "success"
    # A join after the run's last event ends at once with nothing but metadata and end.
    tail = await collect(client.runs.join_stream(tid, rid, last_event_id=f"{last_id.rsplit(':', 1)[0]}:{whole[-1]}"))
    assert [part.event for part in tail] == ["metadata", "end"], [part.event for part in tail]


async def join_values_after_dropped_stream(context):
    """A values stream dropped after its second chunk (the state after the first step), joined
    again with its Last-Event-ID: together the two parts are exactly the run's values chunks."""
    client = context.client("alice")
    tid = (await client.threads.create())["thread_id"]
    rid, parts = await dropped_stream(client, tid, "values", 2)
    first, last_id = [(part.id, part.data) for part in parts], parts[-1].id
    assert last_id and [part.event for part in parts] == ["values", "values"], first
    rest = [(part.id, part.data) for part in await collect(client.runs.join_stream(tid, rid, last_event_id=last_id))
            if part.event == "values"]
    whole = [(part.id, part.data) for part in await collect(client.runs.join_stream(tid, rid, stream_mode="values"))
             if part.event == "values"]
    assert len(whole) > 2 and first + rest == whole, ([i for i, _ in first], [i for i, _ in rest], [i for i, _ in whole])


async def cancel_interrupt_and_rollback(context):
    client = context.client("alice")
    tid = (await client.threads.create())["thread_id"]
    run = await client.runs.create(tid, "supervisor", input=human(QUESTION))
    await until_status(client, tid, run["run_id"], {"running"})
    await client.runs.cancel(tid, run["run_id"], wait=True, action="interrupt")
    assert (await client.runs.get(tid, run["run_id"]))["status"] == "interrupted"
    kept = (await client.threads.get_state(tid))["values"]["messages"]
    assert [m["content"] for m in kept if m["type"] == "human"] == [QUESTION], kept
    await expect(ConflictError, client.runs.cancel(tid, run["run_id"]))
    doomed = await client.runs.create(tid, "supervisor", input=human("forget this question"))
    await until_status(client, tid, doomed["run_id"], {"running"})
    await client.runs.cancel(tid, doomed["run_id"], wait=True, action="rollback")
    await expect(NotFoundError, client.runs.get(tid, doomed["run_id"]))
    after = (await client.threads.get_state(tid))["values"]["messages"]
    assert after == kept, "the rolled-back run left messages behind"
    assert [r["run_id"] for r in await client.runs.list(tid)] == [run["run_id"]]
    await client.runs.delete(tid, run["run_id"])
    await expect(NotFoundError, client.runs.get(tid, run["run_id"]))


async def multitask_strategies(context):
    client = context.client("alice")
    tid = (await client.threads.create())["thread_id"]
    first = await client.runs.create(tid, "supervisor", input=human(QUESTION))
    await until_status(client, tid, first["run_id"], {"running"})
    await expect(ConflictError, client.runs.create(tid, "supervisor", input=human("too soon"), multitask_strategy="reject"))
    queued = await client.runs.create(tid, "supervisor", input=human("after the first"), multitask_strategy="enqueue")
    assert queued["status"] == "pending", queued
    await client.runs.join(tid, queued["run_id"])
    assert (await client.runs.get(tid, first["run_id"]))["status"] == "success"
    assert (await client.runs.get(tid, queued["run_id"]))["status"] == "success"
    humans = [m["content"] for m in (await client.threads.get_state(tid))["values"]["messages"] if m["type"] == "human"]
    assert humans == [QUESTION, "after the first"], humans

    going = await client.runs.create(tid, "supervisor", input=human("to be interrupted"))
    await until_status(client, tid, going["run_id"], {"running"})
    newer = await client.runs.create(tid, "supervisor", input=human("instead"), multitask_strategy="interrupt")
    assert (await client.runs.get(tid, going["run_id"]))["status"] == "interrupted"
    await client.runs.join(tid, newer["run_id"])
    assert (await client.runs.get(tid, newer["run_id"]))["status"] == "success"

    going = await client.runs.create(tid, "supervisor", input=human("to be rolled back"))
    await until_status(client, tid, going["run_id"], {"running"})
    newer = await client.runs.create(tid, "supervisor", input=human("the real question"), multitask_strategy="rollback")
    await expect(NotFoundError, client.runs.get(tid, going["run_id"]))
    await client.runs.join(tid, newer["run_id"])
    humans = [m["content"] for m in (await client.threads.get_state(tid))["values"]["messages"] if m["type"] == "human"]
    assert "to be rolled back" not in humans and humans[-1] == "the real question", humans


async def disconnect_cancels(context):
    client = context.client("alice")
    tid = (await client.threads.create())["thread_id"]
    rid = None
    stream = client.runs.stream(tid, "supervisor", input=human(QUESTION), stream_mode="updates", on_disconnect="cancel")
    async for part in stream:
        if part.event == "metadata":
            rid = part.data["run_id"]
        if part.event == "updates":
            break
    await stream.aclose()
    assert await until_status(client, tid, rid, {"interrupted", "success"}) == "interrupted"
    # The default (continue) keeps a run going after its stream is gone.
    stream = client.runs.stream(tid, "supervisor", input=human(QUESTION), stream_mode="updates")
    async for part in stream:
        if part.event == "metadata":
            rid = part.data["run_id"]
            break
    await stream.aclose()
    assert await until_status(client, tid, rid, {"interrupted", "success"}) == "success"


async def stateless_runs(context):
    client = context.bearer_client("bob")
    values = await client.runs.wait(None, "supervisor", input=human("how much did I spend?"))
    assert [m["type"] for m in values["messages"]] == ["human", "ai"], values
    parts = await collect(client.runs.stream(None, "supervisor", input=human("how much did I spend?"), stream_mode="values"))
    assert parts[0].event == "metadata" and parts[-1].data["status"] == "success"
    kept = await client.runs.wait(None, "supervisor", input=human("keep this one"), on_completion="keep")
    assert kept["messages"][0]["content"] == "keep this one"
    # The kept thread is listed; the other stateless threads are deleted as their runs end.
    for _ in range(100):
        states = [(await client.threads.get_state(t["thread_id"]))["values"] for t in await client.threads.search(limit=100)]
        if states == [kept]:
            break
        await asyncio.sleep(0.05)
    assert states == [kept], states


ALL = [background_run_and_join, stream_modes, join_after_dropped_stream, join_values_after_dropped_stream,
       cancel_interrupt_and_rollback,
       multitask_strategies, disconnect_cancels, stateless_runs]
