#!/usr/bin/env python3
"""kill -9 in the middle of a conversation: every message that got an answer is in the
database with that answer, and the form resumes where it was after a restart.
Usage: crash.py FRONTLINE_BINARY DB_PATH"""
import json
import os
import signal
import sqlite3
import subprocess
import sys

BINARY, DB = sys.argv[1], sys.argv[2]
CONVERSATION = "crash-1"


def start():
    return subprocess.Popen(
        [BINARY, "chat", "--json", "--db", DB, "--conversation", CONVERSATION, "--time-zone", "UTC"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)


def say(process, text):
    process.stdin.write(text + "\n")
    process.stdin.flush()
    answer = json.loads(process.stdout.readline())
    print(f"customer: {text}")
    for reply in answer["replies"]:
        print(f"    bot [{reply['kind']}]: {reply['text']}")
    return answer


def stored():
    with sqlite3.connect(DB) as db:
        return db.execute(
            "SELECT sequence, role, text FROM messages WHERE conversation_id = ? ORDER BY sequence",
            (CONVERSATION,)).fetchall()


failures = []
print("## first process")
first = start()
acknowledged = []
for text in ["I need to change the delivery address on my order", "A-48213"]:
    answer = say(first, text)
    acknowledged.append((text, [r["text"] for r in answer["replies"]]))
# A message in flight when the process dies: it may or may not have been stored, but a
# message that got no answer is never reported as answered.
first.stdin.write("12 High Street, Leeds\n")
first.stdin.flush()
os.kill(first.pid, signal.SIGKILL)
first.wait()
print(f"(kill -9 {first.pid} with a message in flight)\n")

rows = stored()
print("## in the database after the crash")
for sequence, role, text in rows:
    print(f"  {sequence:2} {role:8} {text}")
for text, replies in acknowledged:
    customer = [i for i, r in enumerate(rows) if r[1] == "customer" and r[2] == text]
    ok = bool(customer) and [r[2] for r in rows[customer[0] + 1:customer[0] + 1 + len(replies)]] == replies
    print(f"  check: acknowledged '{text}' is stored with its reply: {'ok' if ok else 'FAILED'}")
    if not ok:
        failures.append(text)

print("\n## after restart, same conversation")
second = start()
answer = say(second, "12 High Street, Leeds")
resumed = answer["replies"] and answer["replies"][0]["kind"] == "question" and "postcode" in answer["replies"][0]["text"].lower()
print(f"  check: the form resumes (asks for the postcode, not the order number again): {'ok' if resumed else 'FAILED'}")
if not resumed:
    failures.append("resume")
answer = say(second, "LS1 4AP")
second.stdin.close()
second.wait()
print(f"  check: the form completes: {'ok' if answer['replies'] and answer['replies'][0]['kind'] != 'question' else 'FAILED'}")
if failures:
    sys.exit("FAILED: " + ", ".join(failures))
print("\nnothing acknowledged was lost, and the form resumed")
