#!/usr/bin/env python3
"""Runs one scripted conversation per engine capability through `frontline chat --json`
and prints the transcripts. Exits non-zero when a conversation does not go as expected,
so the demo is also a check. Usage: conversations.py FRONTLINE_BINARY DB_PATH"""
import json
import subprocess
import sys

BINARY, DB = sys.argv[1], sys.argv[2]
FAILURES = []


def chat(lines, conversation, customer=None, channel="web"):
    """Sends the lines (strings or message objects) and returns the JSON answers."""
    args = [BINARY, "chat", "--json", "--db", DB, "--conversation", conversation, "--channel", channel,
            "--now", "2026-11-23T10:00", "--time-zone", "UTC"]
    if customer:
        args += ["--customer", customer]
    stdin = "\n".join(l if isinstance(l, str) else json.dumps(l) for l in lines) + "\n"
    done = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        sys.exit(f"frontline chat failed ({done.returncode}): {done.stderr}")
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    assert len(answers) == len(lines), (len(answers), len(lines), done.stderr)
    return answers


def show(title, lines, answers):
    print(f"\n### {title}\n")
    for line, answer in zip(lines, answers):
        text = line if isinstance(line, str) else line["text"]
        where = "" if isinstance(line, str) else f" [{line.get('channel', '')}]"
        parse = answer.get("parse") or {}
        slots = ", ".join(f"{s['slot']}={s['value']}" for s in parse.get("slots", []))
        print(f"customer{where}: {text}")
        print(f"    parse: {parse.get('intent')} {parse.get('confidence', 0):.2f}{'  ' + slots if slots else ''}")
        for reply in answer["replies"]:
            extra = ""
            if reply.get("article"):
                extra += f"  (article: {reply['article']['title']})"
            if reply.get("buttons"):
                extra += "  " + " ".join(f"[{b}]" for b in reply["buttons"])
            print(f"    bot [{reply['kind']}]: {reply['text']}{extra}")
        if answer["status"] != "bot":
            print(f"    status: {answer['status']}")
        if answer.get("handoff"):
            h = answer["handoff"]
            print(f"    HANDOFF reason={h['reason']} queue={h['queue']} wait={h.get('expected_wait_minutes')} min")
            print(f"    summary: {h['summary']}")
            print(f"    transcript: {len(h.get('transcript') or [])} messages, "
                  f"{sum(1 for m in h.get('transcript') or [] if m.get('parse'))} with the bot's parse; "
                  f"{len(h.get('other_channels') or [])} messages from other channels")


def expect(title, condition, what):
    mark = "ok" if condition else "FAILED"
    print(f"    check: {what}: {mark}")
    if not condition:
        FAILURES.append(f"{title}: {what}")


def kinds(answer):
    return [r["kind"] for r in answer["replies"]]


def run(title, lines, conversation, checks, **kw):
    answers = chat(lines, conversation, **kw)
    show(title, lines, answers)
    for what, test in checks:
        expect(title, test(answers), what)
    return answers


run("Form with a missing slot", ["I want to return something", "A-20001", "the acme buds 2"], "form-1", [
    ("asks for the order number", lambda a: kinds(a[0]) == ["question"]),
    ("then for the product", lambda a: kinds(a[1]) == ["question"] and "A-20001" in a[1]["replies"][0]["text"]),
    ("then completes the return", lambda a: a[2]["status"] == "bot" and "question" not in kinds(a[2])),
])
run("Multi-slot answer", ["I'd like to send back my PS5 from order A-48213"], "multi-1", [
    ("both slots taken from one message, nothing asked",
     lambda a: {s["slot"] for s in a[0]["parse"]["slots"]} >= {"order_number", "product"} and "question" not in kinds(a[0])),
])
run("Invalid answer re-asked, then the customer changes topic",
    ["where is my order", "it's B-999", "actually what are your store hours?"], "reask-1", [
    ("re-asks with a helpful message", lambda a: kinds(a[1]) == ["question"] and "order number" in a[1]["replies"][0]["text"]),
    ("leaves the form for the new topic", lambda a: a[2]["parse"]["intent"] == "store_hours" and "article" in kinds(a[2])),
])
run("Knowledge-base answer and follow-up", ["how long is the warranty on a laptop?", "yes thanks"], "kb-1", [
    ("answers with an article", lambda a: any(r.get("article") for r in a[0]["replies"])),
    ("asks whether it helped, with buttons", lambda a: any(r.get("buttons") == ["Yes", "No"] for r in a[0]["replies"])),
    ("takes the yes", lambda a: a[1]["status"] == "bot" and kinds(a[1]) == ["text"]),
])
run("Knowledge base has no answer twice, then a person", ["do you sell refurbished drones?", "no", "can I pay with bitcoin", "no"],
    "kb-miss-1", [
    ("hands off after two misses", lambda a: any(x["status"] == "handoff" for x in a)),
])
run("Action against the order service", ["status of order A-12345 please", "and A-55555?", "what about A-00000"], "action-1", [
    ("the order service's answer", lambda a: "shipped" in a[0]["replies"][0]["text"]),
    ("a slow service times out into the fallback message",
     lambda a: kinds(a[1]) == ["action"] and "shipped" not in a[1]["replies"][0]["text"]),
    ("a failing service gets the fallback message", lambda a: kinds(a[2]) == ["action"] and "shipped" not in a[2]["replies"][0]["text"]),
])
run("Fallback, then escalation", ["purple monkey dishwasher", "zxcv qwerty blorp"], "fallback-1", [
    ("first: asks to rephrase", lambda a: kinds(a[0]) == ["fallback"] and a[0]["status"] == "bot"),
    ("second: hands off", lambda a: a[1]["status"] == "handoff" and a[1]["handoff"]["reason"] in ("fallbacks", "low_confidence")),
])
run("Explicit request for a person", ["my order A-12345 arrived damaged", "I want to talk to a real person"], "human-1", [
    ("hands off on request", lambda a: a[1]["status"] == "handoff" and a[1]["handoff"]["reason"] == "human_request"),
    ("routes to the orders queue by intent", lambda a: a[1]["handoff"]["queue"] == "orders"),
    ("the transcript has every message, the customer's with the bot's parse",
     lambda a: len(a[1]["handoff"]["transcript"]) == 5
     and all(m.get("parse") for m in a[1]["handoff"]["transcript"] if m["role"] == "customer")),
])
run("Frustration", ["where is my order A-48213",
                    "WHERE IS MY ORDER A-48213, I HAVE BEEN WAITING FOR TWO WEEKS!!!"],
    "frustrated-1", [
    ("hands off on frustration", lambda a: a[1]["status"] == "handoff" and a[1]["handoff"]["reason"] == "frustration"),
])
run("The same message over and over", ["where is my order A-48213"] * 3, "repeat-1", [
    ("hands off on the third identical message", lambda a: a[2]["status"] == "handoff"),
])
run("After a handoff the bot only says where the customer is in the queue", ["I want to talk to a human", "hello? anyone there?", "hello??"], "silent-1", [
    ("a waiting customer hears their place in the queue", lambda a: kinds(a[1]) == ["waiting"] and a[1]["status"] == "handoff"),
    ("and nothing more within two minutes", lambda a: a[2]["replies"] == [] and a[2]["status"] == "handoff"),
])
cross = [
    {"text": "where's my refund", "channel": "web", "customer_id": "cust-42", "conversation_id": "web-42"},
    {"text": "jane.doe@example.com", "channel": "web", "customer_id": "cust-42", "conversation_id": "web-42"},
    {"text": "has my refund been processed yet?", "channel": "sms", "customer_id": "cust-42", "conversation_id": "sms-42"},
    {"text": "let me speak to an agent please", "channel": "sms", "customer_id": "cust-42", "conversation_id": "sms-42"},
]
run("Cross-channel customer", cross, "unused", [
    ("web: asks for the order number or email", lambda a: kinds(a[0]) == ["question"]),
    ("web: the email completes the form", lambda a: "question" not in kinds(a[1])),
    ("sms: the email given on web is not asked again", lambda a: "question" not in kinds(a[2])),
    ("the handoff summary includes the web history",
     lambda a: a[3]["status"] == "handoff" and "[web]" in a[3]["handoff"]["summary"]),
    ("the handoff carries the web messages",
     lambda a: [m["text"] for m in a[3]["handoff"]["other_channels"] if m["role"] == "customer"]
     == ["where's my refund", "jane.doe@example.com"]),
])

print()
if FAILURES:
    print("FAILED: " + "; ".join(FAILURES))
    sys.exit(1)
print("all scripted conversations went as expected")
