"""Table for Scripts/bench/slots.sh: Frontline next to its peers, from JSON lines.

Usage: slots_table.py FILE... (each a file of JSON objects, one per line, with the keys of
the contract at the top of slots.sh). A line whose name starts with "frontline" is
Frontline; the others are peers. A line with a "skipped" key is reported, not tabled.
"""
import json, sys

KEYS = ["name", "train_seconds", "slot_precision", "slot_recall", "slot_f1",
        "frame_accuracy", "intent_accuracy", "us_per_utterance"]


def read(paths):
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    sys.exit(f"slots_table: {path}:{n}: expected a JSON object per line: {error}")
                if not isinstance(row, dict):
                    sys.exit(f"slots_table: {path}:{n}: expected a JSON object but found {type(row).__name__}")
                missing = [k for k in KEYS if k not in row]
                if "skipped" not in row and missing:
                    sys.exit(f"slots_table: {path}:{n}: missing key(s) {', '.join(missing)}: expected {', '.join(KEYS)}")
                rows.append(row)
    return rows


def pct(v):
    return f"{100 * v:.2f}"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    rows = read(sys.argv[1:])
    skipped = [r for r in rows if "skipped" in r]
    rows = [r for r in rows if "skipped" not in r]
    for r in skipped:
        print(f"{r.get('name', '?')}: skipped ({r['skipped']})")
    if not rows:
        print("slots_table: nothing measured")
        return
    scaling = [r for r in rows if str(r["name"]).startswith("frontline") and "tags" in r]
    rows = [r for r in rows if not str(r["name"]).startswith("frontline-split")]
    frontline = next((r for r in rows if str(r["name"]).startswith("frontline")), None)

    print("\n### SNIPS joint, test split\n")
    print("| model | train s | slot P % | slot R % | slot F1 % | frame acc % | intent acc % | µs/utterance (median) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['name']} | {r['train_seconds']:.2f} | {pct(r['slot_precision'])} | {pct(r['slot_recall'])} | "
              f"{pct(r['slot_f1'])} | {pct(r['frame_accuracy'])} | {pct(r['intent_accuracy'])} | {r['us_per_utterance']:.1f} |")

    if scaling:
        print("\n### Frontline with bigger tag sets (SNIPS slots split per intent), test split\n")
        print("| model | BIO tags | max tags per intent | slot F1 % | parse µs | tag µs (intent given) | tag µs (no intent: all tags) |")
        print("|---|---|---|---|---|---|---|")
        for r in scaling:
            print(f"| {r['name']} | {r['tags']} | {r['max_tags_per_intent']} | {pct(r['slot_f1'])} | {r['us_per_utterance']:.1f} | "
                  f"{r['tag_us_per_utterance']:.1f} | {r['all_tags_us_per_utterance']:.1f} |")

    if frontline is None:
        print("\nFrontline: not available in this run, so no ratios.")
        return
    print()
    for peer in rows:
        if peer is frontline:
            continue
        t = peer["train_seconds"] / frontline["train_seconds"] if frontline["train_seconds"] > 0 else float("inf")
        us = peer["us_per_utterance"] / frontline["us_per_utterance"] if frontline["us_per_utterance"] > 0 else float("inf")
        print(f"- vs {peer['name']}: training time {peer['name']} / Frontline = {t:.1f}x; "
              f"latency {peer['name']} / Frontline = {us:.1f}x; "
              f"slot F1 {100 * (frontline['slot_f1'] - peer['slot_f1']):+.2f} points; "
              f"frame accuracy {100 * (frontline['frame_accuracy'] - peer['frame_accuracy']):+.2f} points "
              f"(Frontline minus {peer['name']})")


if __name__ == "__main__":
    main()
