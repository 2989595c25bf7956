#!/usr/bin/env python3
"""Checks a PostgreSQL database (through psql, as the scripts run it) against the client's
log of acknowledged messages: every one is stored once, answered, with as many bot replies
as the client got; and in every conversation the sequences are contiguous and every bot
reply answers the customer message just before it (turns never interleaved)."""
import csv, io, json, subprocess, sys
from collections import defaultdict

psql, log = sys.argv[1].split(" "), sys.argv[2]
dump = subprocess.run(psql + ["-c", "COPY (SELECT conversation_id, sequence, role, coalesce(client_message_id, ''), "
                              "coalesce(reply_to, 0), answered FROM messages ORDER BY conversation_id, sequence) TO STDOUT WITH CSV"],
                      check=True, capture_output=True, text=True).stdout
by_conversation = defaultdict(list)
for conversation, sequence, role, message_id, reply_to, answered in csv.reader(io.StringIO(dump)):
    by_conversation[conversation].append((int(sequence), role, message_id, int(reply_to), answered == "t"))

acked = [json.loads(line) for line in open(log) if line.strip()]
index = {(c, m[2]): m for c, ms in by_conversation.items() for m in ms if m[1] == "customer" and m[2]}
missing, unanswered, wrong_replies, gaps, interleaved, duplicated = [], [], [], [], [], []
for entry in acked:
    message = index.get((entry["conversation"], entry["message_id"]))
    if message is None:
        missing.append(entry); continue
    if not message[4]:
        unanswered.append(entry); continue
    replies = sum(1 for m in by_conversation[entry["conversation"]] if m[1] == "bot" and m[3] == message[0])
    if replies != entry["replies"]:
        wrong_replies.append((entry, replies))
for conversation, messages in by_conversation.items():
    if [m[0] for m in messages] != list(range(1, len(messages) + 1)):
        gaps.append(conversation)
    ids = [m[2] for m in messages if m[1] == "customer" and m[2]]
    if len(ids) != len(set(ids)):
        duplicated.append(conversation)
    last_customer = None
    for sequence, role, _, reply_to, _ in messages:
        if role == "customer":
            last_customer = sequence
        elif role == "bot" and reply_to != last_customer:
            interleaved.append((conversation, sequence)); break
print(f"acknowledged messages: {len(acked)}; missing: {len(missing)}; unanswered: {len(unanswered)}; "
      f"reply count differs: {len(wrong_replies)}")
print(f"conversations: {len(by_conversation)}; with sequence gaps: {len(gaps)}; with a duplicated message id: {len(duplicated)}; "
      f"with interleaved turns: {len(interleaved)}")
for e in (missing + unanswered)[:5]: print("  ", e)
for e in wrong_replies[:5]: print("  ", e)
for e in interleaved[:5]: print("   interleaved", e)
sys.exit(0 if acked and not (missing or unanswered or wrong_replies or gaps or duplicated or interleaved) else 1)
