"""Scenarios without long runs: API keys and Bearer, assistants, threads, refusals (422) and
isolation (404). Each is an `async def` taking the shared Context; an assertion failing fails it."""
import uuid

import httpx

from langgraph_sdk import get_client
from langgraph_sdk.errors import (AuthenticationError, ConflictError, NotFoundError,
                                  PermissionDeniedError, UnprocessableEntityError)


class Context:
    def __init__(self, server):
        self.server = server
        self.tokens = {user: server.token(user) for user in ("alice", "bob")}
        self.admin_token = server.token("ops", role="admin")
        self.keys = {}
        for user, token in self.tokens.items():
            status, body = server.request("POST", "/auth/api-keys", {"name": "sdk"}, {"Authorization": "Bearer " + token})
            assert status == 201, (status, body)
            self.keys[user] = body["key"]

    def client(self, user):
        """The SDK the way its users make it: the personal API key as `x-api-key`."""
        return get_client(url=self.server.base, api_key=self.keys[user], timeout=60)

    def bearer_client(self, user):
        return get_client(url=self.server.base, api_key=None, headers={"Authorization": "Bearer " + self.tokens[user]},
                          timeout=60)


def human(text):
    return {"messages": [{"role": "user", "content": text}]}


async def expect(error_type, awaitable, *, mentions=None):
    try:
        await awaitable
    except error_type as error:
        if mentions is not None:
            assert mentions in str(error), f"{error!r} does not mention {mentions!r}"
        return error
    raise AssertionError(f"expected {error_type.__name__}")


async def expect_status(status, awaitable):
    """For the SDK calls that reconnect (join, wait, cancel with wait): they raise httpx's own
    HTTPStatusError rather than the typed errors."""
    try:
        await awaitable
    except httpx.HTTPStatusError as error:
        assert error.response.status_code == status, (error.response.status_code, error.response.text)
        assert "detail" in error.response.json()
        return
    raise AssertionError(f"expected HTTP {status}")


async def ok_and_info(context):
    client = get_client(url=context.server.base, api_key=None)
    assert await client.http.get("/ok") == {"ok": True}
    info = await client.http.get("/info")
    assert info["flags"]["assistants"] is True and info["flags"]["crons"] is False, info


async def api_keys_and_bearer(context):
    server = context.server
    alice = context.tokens["alice"]
    status, created = server.request("POST", "/auth/api-keys", {"name": "temporary"}, {"Authorization": "Bearer " + alice})
    assert status == 201 and created["key"].startswith("sbk_") and created["tier"] == "pro", created
    status, listed = server.request("GET", "/auth/api-keys", headers={"Authorization": "Bearer " + alice})
    assert status == 200 and created["id"] in [key["id"] for key in listed["api_keys"]]
    assert all("key" not in key or key["key"] is None for key in listed["api_keys"]), "a listed key shows its secret"
    temporary = get_client(url=server.base, api_key=created["key"])
    assert len(await temporary.assistants.search()) == 1
    # A key cannot make keys; another user's key id is unknown to alice.
    status, body = server.request("POST", "/auth/api-keys", {}, {"x-api-key": created["key"]})
    assert status == 403 and body["error"]["code"] == "ACCESS_TOKEN_REQUIRED", (status, body)
    status, listed_bob = server.request("GET", "/auth/api-keys", headers={"Authorization": "Bearer " + context.tokens["bob"]})
    status, _ = server.request("DELETE", "/auth/api-keys/" + listed_bob["api_keys"][0]["id"],
                               headers={"Authorization": "Bearer " + alice})
    assert status == 404
    status, _ = server.request("DELETE", "/auth/api-keys/" + created["id"], headers={"Authorization": "Bearer " + alice})
    assert status == 204
    await expect(AuthenticationError, temporary.assistants.search())
    await expect(AuthenticationError, get_client(url=server.base, api_key="sbk_not-a-key").threads.search())
    # Bearer works wherever the key does, and both see the same threads.
    thread = await context.bearer_client("alice").threads.create(metadata={"via": "bearer"})
    assert (await context.client("alice").threads.get(thread["thread_id"]))["metadata"] == {"via": "bearer"}
    # The key works on Switchboard's own API too, and every step is audited.
    status, _ = server.request("GET", "/api/threads", headers={"x-api-key": context.keys["alice"]})
    assert status == 200
    status, audit = server.request("GET", "/api/admin/audit?user_id=alice&limit=100",
                                   headers={"Authorization": "Bearer " + context.admin_token})
    events = {event["event"] for event in audit["events"]}
    assert {"api_key_created", "api_key_used", "api_key_revoked"} <= events, events


async def assistants(context):
    client = context.client("alice")
    found = await client.assistants.search()
    assert [a["graph_id"] for a in found] == ["supervisor"], found
    expected = str(uuid.uuid5(uuid.UUID("6ba7b821-9dad-11d1-80b4-00c04fd430c8"), "supervisor"))
    assert found[0]["assistant_id"] == expected, found[0]
    assert (await client.assistants.get(expected))["graph_id"] == "supervisor"
    assert (await client.assistants.get("supervisor"))["assistant_id"] == expected
    schemas = await client.assistants.get_schemas(expected)
    assert "messages" in schemas["input_schema"]["properties"], schemas
    assert await client.assistants.search(graph_id="nothing") == []
    await expect(NotFoundError, client.assistants.get(str(uuid.uuid4())))
    await expect(UnprocessableEntityError, client.assistants.create(graph_id="supervisor"), mentions="assistant")


async def threads(context):
    client = context.client("alice")
    tag = str(uuid.uuid4())
    first = await client.threads.create(metadata={"suite": tag, "n": 1})
    second = await client.threads.create(metadata={"suite": tag, "n": 2})
    assert first["status"] == "idle" and first["values"] == {"messages": []}, first
    chosen = str(uuid.uuid4())
    made = await client.threads.create(thread_id=chosen, metadata={"suite": tag, "n": 3})
    assert made["thread_id"] == chosen
    await expect(ConflictError, client.threads.create(thread_id=chosen))
    again = await client.threads.create(thread_id=chosen, if_exists="do_nothing")
    assert again["metadata"]["n"] == 3
    updated = await client.threads.update(first["thread_id"], metadata={"colour": "blue"})
    assert updated["metadata"] == {"suite": tag, "n": 1, "colour": "blue"}, updated
    found = await client.threads.search(metadata={"suite": tag})
    assert {t["thread_id"] for t in found} == {first["thread_id"], second["thread_id"], chosen}, found
    assert len(await client.threads.search(metadata={"suite": tag}, limit=2)) == 2
    assert len(await client.threads.search(metadata={"suite": tag}, limit=2, offset=2)) == 1
    assert [t["thread_id"] for t in await client.threads.search(metadata={"suite": tag, "colour": "blue"})] == [first["thread_id"]]
    assert len(await client.threads.search(metadata={"suite": tag}, status="idle")) == 3
    assert await client.threads.search(metadata={"suite": tag}, status="busy") == []
    state = await client.threads.get_state(second["thread_id"])
    assert state["values"] == {"messages": []} and state["next"] == [], state
    assert len(await client.threads.get_history(second["thread_id"])) == 1
    await client.threads.delete(second["thread_id"])
    await expect(NotFoundError, client.threads.get(second["thread_id"]))
    assert len(await client.threads.search(metadata={"suite": tag})) == 2
    await expect(UnprocessableEntityError, client.threads.create(ttl=60), mentions="ttl")


async def refusals(context):
    client = context.client("alice")
    thread = await client.threads.create()
    tid = thread["thread_id"]
    for field, kwargs in [
        ("checkpoint", {"checkpoint": {"checkpoint_id": "x"}}),
        ("checkpoint_id", {"checkpoint_id": "x"}),
        ("interrupt_before", {"interrupt_before": ["data"]}),
        ("interrupt_after", {"interrupt_after": "*"}),
        ("command", {"command": {"resume": "yes"}, "input": None}),
        ("webhook", {"webhook": "https://example.com/hook"}),
        ("config", {"config": {"configurable": {"model": "x"}}}),
    ]:
        arguments = {"input": human("what did I spend?"), **kwargs}
        await expect(UnprocessableEntityError, client.runs.create(tid, "supervisor", **arguments), mentions=field)
    await expect(UnprocessableEntityError, client.runs.create(tid, "supervisor", input={"messages": []}), mentions="input.messages")
    await expect(UnprocessableEntityError, client.runs.create(tid, "supervisor", input=human("x"), stream_mode="debug"),
                 mentions="stream_mode")
    await expect(UnprocessableEntityError, client.crons.create_for_thread(tid, "supervisor", schedule="* * * * *"), mentions="cron")
    await expect(UnprocessableEntityError, client.crons.create("supervisor", schedule="* * * * *"), mentions="cron")
    await expect(UnprocessableEntityError, client.threads.get_state(tid, checkpoint_id="abc"), mentions="checkpoint")
    await expect(NotFoundError, client.runs.create(tid, str(uuid.uuid4()), input=human("x")), mentions="assistant")
    # Nothing was started by any refusal.
    assert await client.runs.list(tid) == []


async def isolation(context):
    alice, bob = context.client("alice"), context.client("bob")
    thread = await alice.threads.create(metadata={"owner": "alice"})
    tid = thread["thread_id"]
    run = await alice.runs.create(tid, "supervisor", input=human("what did I spend on gpt-4o last week?"))
    rid = run["run_id"]
    await expect(NotFoundError, bob.threads.get(tid))
    await expect(NotFoundError, bob.threads.update(tid, metadata={"owner": "bob"}))
    await expect(NotFoundError, bob.threads.delete(tid))
    await expect(NotFoundError, bob.threads.get_state(tid))
    await expect(NotFoundError, bob.threads.get_history(tid))
    await expect(NotFoundError, bob.runs.get(tid, rid))
    await expect(NotFoundError, bob.runs.list(tid))
    await expect_status(404, bob.runs.join(tid, rid))
    await expect_status(404, bob.runs.cancel(tid, rid, wait=True))
    await expect(NotFoundError, bob.runs.cancel(tid, rid))
    await expect(NotFoundError, bob.runs.create(tid, "supervisor", input=human("mine now")))
    try:
        async for _ in bob.runs.join_stream(tid, rid):
            raise AssertionError("bob received an event of alice's run")
        raise AssertionError("bob's join_stream of alice's run did not fail")
    except NotFoundError:
        pass
    assert all(t["thread_id"] != tid for t in await bob.threads.search(limit=1000))
    # Bob's own thread with alice's thread id is refused like any taken id, saying nothing more.
    await expect(ConflictError, bob.threads.create(thread_id=tid))
    await alice.runs.join(tid, rid)
    assert (await alice.runs.get(tid, rid))["status"] == "success"
    assert (await alice.threads.get(tid))["metadata"] == {"owner": "alice"}


ALL = [ok_and_info, api_keys_and_bearer, assistants, threads, refusals, isolation]
