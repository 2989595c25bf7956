#!/usr/bin/env python3
"""Checks the database against the client's log of acknowledged messages: every one is
stored, answered (its turn committed) and has as many bot replies as the client got."""
import json, sqlite3, sys

db, log = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db)
acked = [json.loads(line) for line in open(log) if line.strip()]
missing, unanswered, wrong_replies = [], [], []
for entry in acked:
    row = conn.execute(
        "SELECT sequence, answered FROM messages WHERE conversation_id = ? AND client_message_id = ? AND role = 'customer'",
        (entry["conversation"], entry["message_id"])).fetchone()
    if row is None:
        missing.append(entry); continue
    sequence, answered = row
    if not answered:
        unanswered.append(entry); continue
    replies = conn.execute(
        "SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND reply_to = ? AND role = 'bot'",
        (entry["conversation"], sequence)).fetchone()[0]
    if replies != entry["replies"]:
        wrong_replies.append((entry, replies))
print(f"acknowledged messages: {len(acked)}; missing: {len(missing)}; unanswered: {len(unanswered)}; reply count differs: {len(wrong_replies)}")
for e in (missing + unanswered)[:5]: print("  ", e)
for e in wrong_replies[:5]: print("  ", e)
sys.exit(0 if acked and not (missing or unanswered or wrong_replies) else 1)
