#!/usr/bin/env python3
"""Prints customers' stories as transcripts: customer lines, the bot's replies (kind, buttons,
articles) and, when a story ends with people, the handoff document an agent receives.
Usage: stories.py FRONTLINE_BINARY DB_PATH"""
import json
import subprocess
import sys

BINARY, DB = sys.argv[1], sys.argv[2]


def chat(messages):
    """Sends message objects through one `frontline chat --json` session; returns the answers."""
    args = [BINARY, "chat", "--json", "--db", DB, "--time-zone", "UTC", "--no-demo-orders"]
    stdin = "\n".join(json.dumps(m) for m in messages) + "\n"
    done = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        sys.exit(f"frontline chat failed ({done.returncode}): {done.stderr}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def story(title, messages):
    print(f"\n## {title}\n")
    for message, answer in zip(messages, chat(messages)):
        meta = message.get("metadata")
        where = f"[{message['channel']}{' ' + json.dumps(meta) if meta else ''}]"
        print(f"customer {where}: {message['text']}")
        if "error" in answer:
            print(f"    error: {answer['error']}")
            continue
        for reply in answer["replies"]:
            extra = f"  → {reply['article']['title']}" if reply.get("article") else ""
            buttons = "  " + " ".join(f"[{b}]" for b in reply["buttons"]) if reply.get("buttons") else ""
            print(f"    bot ({reply['kind']}): {reply['text']}{extra}{buttons}")
        if not answer["replies"]:
            print(f"    (no reply: status {answer['status']})")
        if answer.get("handoff"):
            h = answer["handoff"]
            print(f"    ── handed to people: queue {h['queue']}, priority {h['priority']}"
                  f"{' (' + '; '.join(h['priority_reasons']) + ')' if h['priority_reasons'] else ''},"
                  f" place {h.get('position')}, about {h.get('expected_wait_minutes')} min")
            print(f"       conversation {h['conversation_id']} · customer {h.get('customer_id')} · channel {h['channel']}")
            print(f"       summary: {h['summary']}")
            print(f"       slots: {h['slots']}")
            print(f"       transcript: {len(h['transcript'])} messages; other channels: "
                  + "; ".join(f"[{m['channel']}] {m['text']}" for m in h['other_channels'] if m['role'] == 'customer'))


def msg(text, conversation, channel="web", customer=None, metadata=None):
    m = {"text": text, "conversation_id": conversation, "channel": channel}
    if customer:
        m["customer_id"] = customer
    if metadata:
        m["metadata"] = metadata
    return m


story("The broken gadget, across channels", [
    msg("my new gadget won't switch on, so annoying", "social-1", "social", "cust-1"),
    msg("I bought a speaker last week and it won't turn on even after charging", "web-1", customer="cust-1",
        metadata={"product": "acme boom speaker"}),
    msg("Something else", "web-1", customer="cust-1"),
    msg("no, that didn't help", "web-1", customer="cust-1"),
    msg("Exchange it", "web-1", customer="cust-1"),
    msg("it's A-12345", "web-1", customer="cust-1"),
])
story("The broken gadget, told another way", [
    msg("my gizmo won't power on", "web-2", customer="cust-2", metadata={"product": "acme gizmo x"}),
    msg("it's a laptop", "web-2", customer="cust-2"),
    msg("I tried all that and it still won't turn on", "web-2", customer="cust-2"),
    msg("Talk to a person", "web-2", customer="cust-2"),
])
story("The impatient customer", [
    msg("hi", "web-3", customer="cust-3"),
    msg("I want to talk to a human agent", "web-3", customer="cust-3"),
    msg("hello?? is anyone there?", "web-3", customer="cust-3"),
    msg("HELLO", "web-3", customer="cust-3"),
])
story("Context-aware answers: the platform and app version pick the article", [
    msg("my buds won't pair with the acme connect app", "web-5", metadata={"platform": "ios", "os_version": "17.4", "version": "4.2"}),
    msg("my buds won't pair with the acme connect app", "web-6", metadata={"platform": "ios", "os_version": "15", "version": "3.2"}),
    msg("my buds won't pair with the acme connect app", "web-7", metadata={"platform": "android", "os_version": "14"}),
])
story("Contextual routing: a gold customer", [
    msg("hi", "web-4", customer="cust-4"),
    msg("I want to talk to a human agent", "web-4", customer="cust-4", metadata={"tier": "gold"}),
])
