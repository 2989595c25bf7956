#!/usr/bin/env python3
"""Writes skewed and balanced-control versions of CLINC150 Full and SNIPS joint.

Real chat logs are skewed: one intent can hold most examples. For each data set this
writes two training sets that differ only in the skew:
  skewed    one intent (the most frequent, ties by name) holds 70% of the examples;
            every other in-scope intent keeps a random KEEP share of its examples;
            the big intent's examples are repeated where it has too few to reach 70%;
  balanced  the same subsample of the other intents, and the big intent subsampled to
            the same share (no skew): the control the skewed model is compared with.
Validation and test splits (and CLINC's out-of-scope examples) are left as they are,
so both models are scored on the same data. Deterministic (seeded).
"""
import argparse
import json
import os
import random

SHARE = 0.70


def skew(examples, keep, seed):
    """examples: list of (text, label, extra). Returns (skewed, balanced)."""
    rng = random.Random(seed)
    by_label = {}
    for e in examples:
        by_label.setdefault(e[1], []).append(e)
    big = sorted(by_label, key=lambda l: (-len(by_label[l]), l))[0]
    others = []
    for label in sorted(by_label):
        if label == big:
            continue
        members = by_label[label][:]
        rng.shuffle(members)
        others += members[:max(5, round(len(members) * keep))]
    big_members = by_label[big][:]
    rng.shuffle(big_members)
    need = round(len(others) * SHARE / (1 - SHARE))
    repeated = [big_members[i % len(big_members)] for i in range(need)]
    balanced_big = big_members[:max(5, round(len(big_members) * keep))]
    return big, others + repeated, others + balanced_big


def clinc(path, out, keep, seed):
    data = json.load(open(path))
    train = [(t, l, None) for t, l in data["train"]]
    big, skewed, balanced = skew(train, keep, seed)
    for name, rows in (("skewed", skewed), ("balanced", balanced)):
        d = dict(data)
        d["train"] = [[t, l] for t, l, _ in rows]
        with open(os.path.join(out, f"clinc150-{name}.json"), "w") as f:
            json.dump(d, f)
    print(f"clinc150: big intent {big}; skewed {len(skewed)} train examples, balanced {len(balanced)}")


def snips(folder, out, keep, seed):
    def read(split):
        base = os.path.join(folder, split)
        lines = [open(os.path.join(base, n)).read().split("\n") for n in ("seq.in", "label", "seq.out")]
        return [(a, b, c) for a, b, c in zip(*lines) if a.strip()]
    big, skewed, balanced = skew(read("train"), keep, seed)
    for name, rows in (("skewed", skewed), ("balanced", balanced)):
        target = os.path.join(out, f"snips-{name}")
        for split in ("train", "valid", "test"):
            os.makedirs(os.path.join(target, split), exist_ok=True)
            use = rows if split == "train" else read(split)
            for n, column in (("seq.in", 0), ("label", 1), ("seq.out", 2)):
                with open(os.path.join(target, split, n), "w") as f:
                    f.write("\n".join(r[column] for r in use) + "\n")
    print(f"snips-joint: big intent {big}; skewed {len(skewed)} train examples, balanced {len(balanced)}")


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--datasets", default="../shared/datasets")
    p.add_argument("--out", required=True)
    p.add_argument("--keep", type=float, default=0.3, help="share of each small intent's examples kept")
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    clinc(os.path.join(a.datasets, "clinc150/data_full.json"), a.out, a.keep, a.seed)
    snips(os.path.join(a.datasets, "snips-joint"), a.out, a.keep, a.seed)
