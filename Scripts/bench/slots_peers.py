"""Peer baselines for Scripts/bench/slots.sh: a linear-chain CRF (sklearn-crfsuite) for
slots next to scikit-learn logistic regression for intents, on SNIPS joint (BIO folders).

Two peers, both a full frame parser (intent + slots):
  crfsuite         CRF on the classic token features below; intent from the classifier.
  crfsuite+intent  the same CRF with the intent as one more feature of every token: the
                   gold intent when training, the classifier's predicted intent when testing.

CRF: L-BFGS, c1 = c2 = 0.1, all_possible_transitions, at most --max-iterations (100).
Token features: bias; lower-cased word, its last 3 and 2 characters, isupper, istitle,
isdigit and shape; the same for the words at -2, -1, +1, +2; BOS / EOS at the edges.
Intent classifier: LogisticRegression(C=10) on word 1-2 + char_wb 2-5 TF-IDF, the features
of intent_peers.py (imported from there).

Metrics, as Frontline's SlotMetrics defines them (Sources/FrontlineML/Evaluation/SlotMetrics.swift):
spans from BIO tags as conlleval reads them (an I- that does not continue a span of the same
slot starts one); a predicted span is right only with the same slot, start and end as a gold
span of the same utterance, spans counted as multisets; micro precision / recall / F1 with
0/0 = 0; frame accuracy = intent right and spans exactly equal.

train_seconds covers everything the parser needs: featurisation, the intent classifier
and the CRF. us_per_utterance is the median wall time of parsing one utterance (intent
prediction, featurisation and tagging); tag_us_per_utterance leaves out the intent.
Prints one JSON object per peer on stdout; progress on stderr.
"""
import argparse, collections, json, os, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from intent_peers import features as intent_features, latency_us  # noqa: E402

import sklearn_crfsuite  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402


def read_bio(folder):
    """{split: (tokens per utterance, tags per utterance, intents)} for train, valid, test."""
    out = {}
    for split in ("train", "valid", "test"):
        path = os.path.join(folder, split)
        if not os.path.isdir(path):
            continue
        with open(os.path.join(path, "seq.in"), encoding="utf-8") as f:
            tokens = [line.split() for line in f]
        with open(os.path.join(path, "seq.out"), encoding="utf-8") as f:
            tags = [line.split() for line in f]
        with open(os.path.join(path, "label"), encoding="utf-8") as f:
            intents = [line.strip() for line in f]
        if not (len(tokens) == len(tags) == len(intents)):
            sys.exit(f"slots_peers: {path}: seq.in, seq.out and label differ in length")
        for n, (t, g) in enumerate(zip(tokens, tags), 1):
            if len(t) != len(g):
                sys.exit(f"slots_peers: {path}/seq.out:{n}: expected {len(t)} tags but found {len(g)}")
        out[split] = (tokens, tags, intents)
    return out


# --- metrics (same definitions as SlotMetrics.swift) ---------------------------------------

def spans(tags):
    """(slot, start, end) token spans, end exclusive, read as conlleval does."""
    out, open_span = [], None
    for i, tag in enumerate(tags):
        if tag.startswith("I-") and open_span and open_span[0] == tag[2:]:
            open_span[2] = i + 1
            continue
        if open_span:
            out.append(tuple(open_span))
            open_span = None
        if tag.startswith("B-") or tag.startswith("I-"):
            open_span = [tag[2:], i, i + 1]
    if open_span:
        out.append(tuple(open_span))
    return out


def slot_metrics(gold_spans, pred_spans, gold_intents, pred_intents):
    """Micro P/R/F1 over exact (slot, start, end) matches, per-slot scores and frame accuracy."""
    gold_n, found_n, correct_n = collections.Counter(), collections.Counter(), collections.Counter()
    frames = 0
    for g, p, gi, pi in zip(gold_spans, pred_spans, gold_intents, pred_intents):
        g, p = collections.Counter(g), collections.Counter(p)
        hits = g & p  # multiset intersection: each gold span matches at most once
        for (slot, _, _), n in g.items():
            gold_n[slot] += n
        for (slot, _, _), n in p.items():
            found_n[slot] += n
        for (slot, _, _), n in hits.items():
            correct_n[slot] += n
        frames += gi == pi and g == p  # SNIPS has no out-of-scope labels to treat as one class

    def prf(c, f, g):
        precision = c / f if f else 0.0
        recall = c / g if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    p, r, f1 = prf(sum(correct_n.values()), sum(found_n.values()), sum(gold_n.values()))
    per_slot = {}
    for slot in sorted(set(gold_n) | set(found_n)):
        sp, sr, sf = prf(correct_n[slot], found_n[slot], gold_n[slot])
        per_slot[slot] = {"precision": sp, "recall": sr, "f1": sf, "support": gold_n[slot]}
    n = len(gold_spans)
    return {"slot_precision": p, "slot_recall": r, "slot_f1": f1,
            "frame_accuracy": frames / n if n else 0.0, "per_slot": per_slot}


def check_metrics():
    """The hand-computed example of SlotMetricsTests.swift: both implementations must agree."""
    gold = [[("city", 0, 4), ("date", 5, 10)], [("city", 0, 4)], [("artist", 3, 8)], [("artist", 0, 5)],
            [("date", 2, 6)], [], [], [], [("city", 0, 4)]]
    pred = [[("date", 5, 10), ("city", 0, 4)], [("city", 0, 4)], [("artist", 3, 7)], [("album", 0, 5)],
            [("date", 2, 6), ("date", 2, 6)], [], [("city", 0, 3)], [], [("city", 0, 4)]]
    m = slot_metrics(gold, pred, ["A"] * 9, ["A", "B"] + ["A"] * 7)
    close = lambda a, b: abs(a - b) < 1e-12
    assert close(m["slot_precision"], 5 / 9) and close(m["slot_recall"], 5 / 7) and close(m["slot_f1"], 5 / 8), m
    assert close(m["frame_accuracy"], 4 / 9), m
    assert m["per_slot"]["album"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}, m
    assert spans(["B-a", "I-a", "I-b", "O", "I-a", "B-a"]) == [("a", 0, 2), ("b", 2, 3), ("a", 4, 5), ("a", 5, 6)]


# --- CRF features --------------------------------------------------------------------------

def shape(word):
    """Character classes with runs collapsed: "Paris" -> "Xx", "A-48213" -> "X-d"."""
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def word_features(word, prefix):
    return {
        prefix + "lower": word.lower(),
        prefix + "suffix3": word[-3:],
        prefix + "suffix2": word[-2:],
        prefix + "isupper": word.isupper(),
        prefix + "istitle": word.istitle(),
        prefix + "isdigit": word.isdigit(),
        prefix + "shape": shape(word),
    }


def sentence_features(tokens, intent=None):
    out = []
    for i in range(len(tokens)):
        f = {"bias": 1.0}
        f.update(word_features(tokens[i], ""))
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < len(tokens):
                f.update(word_features(tokens[j], f"{offset:+d}:"))
        if i == 0:
            f["BOS"] = True
        if i == len(tokens) - 1:
            f["EOS"] = True
        if intent is not None:
            f["intent"] = intent
        out.append(f)
    return out


# --- runs ----------------------------------------------------------------------------------

def train_intent_classifier(texts, intents):
    t0 = time.perf_counter()
    model = make_pipeline(intent_features(), LogisticRegression(C=10, max_iter=1000)).fit(texts, intents)
    return model, time.perf_counter() - t0


def run(name, with_intent, data, intent_model, intent_seconds, max_iterations):
    train_tokens, train_tags, train_intents = data["train"]
    test_tokens, test_tags, test_intents = data["test"]
    test_texts = [" ".join(t) for t in test_tokens]

    t0 = time.perf_counter()
    x_train = [sentence_features(t, i if with_intent else None) for t, i in zip(train_tokens, train_intents)]
    crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.1, c2=0.1, max_iterations=max_iterations,
                               all_possible_transitions=True)
    crf.fit(x_train, train_tags)
    crf_seconds = time.perf_counter() - t0
    print(f"slots_peers: {name}: CRF trained in {crf_seconds:.1f} s", file=sys.stderr, flush=True)

    predicted_intents = list(intent_model.predict(test_texts))
    predicted_tags = crf.predict([sentence_features(t, i if with_intent else None)
                                  for t, i in zip(test_tokens, predicted_intents)])
    m = slot_metrics([spans(t) for t in test_tags], [spans(t) for t in predicted_tags],
                     test_intents, predicted_intents)

    def tag_only(k):  # k indexes the test set; the intent is the one already predicted
        return crf.predict_single(sentence_features(test_tokens[k], predicted_intents[k] if with_intent else None))

    def parse(text):
        intent = intent_model.predict([text])[0]
        return intent, crf.predict_single(sentence_features(text.split(), intent if with_intent else None))

    out = {
        "name": name,
        "train_seconds": intent_seconds + crf_seconds,
        "slot_precision": m["slot_precision"],
        "slot_recall": m["slot_recall"],
        "slot_f1": m["slot_f1"],
        "frame_accuracy": m["frame_accuracy"],
        "intent_accuracy": sum(g == p for g, p in zip(test_intents, predicted_intents)) / len(test_intents),
        "us_per_utterance": latency_us(parse, test_texts),
        "tag_us_per_utterance": latency_us(tag_only, list(range(len(test_tokens)))),
        "intent_train_seconds": intent_seconds,
        "crf_train_seconds": crf_seconds,
        "max_iterations": max_iterations,
        "split": "test",
        "examples": len(test_tokens),
        "per_slot": m["per_slot"],
    }
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", default="/work/shared/datasets/snips-joint",
                    help="SNIPS joint BIO folder with train/ and test/ (default: %(default)s)")
    ap.add_argument("--peers", default="crfsuite,crfsuite+intent")
    ap.add_argument("--max-iterations", type=int, default=100)
    ap.add_argument("--per-slot", action="store_true", help="keep per-slot scores in the output")
    args = ap.parse_args()
    check_metrics()
    data = read_bio(args.data)
    if "train" not in data or "test" not in data:
        sys.exit(f"slots_peers: {args.data}: expected train/ and test/ folders holding seq.in, seq.out and label")
    train_texts = [" ".join(t) for t in data["train"][0]]
    intent_model, intent_seconds = train_intent_classifier(train_texts, data["train"][2])
    print(f"slots_peers: intent classifier trained in {intent_seconds:.1f} s", file=sys.stderr, flush=True)
    for peer in args.peers.split(","):
        if peer not in ("crfsuite", "crfsuite+intent"):
            sys.exit(f"slots_peers: unknown peer {peer!r}: expected crfsuite or crfsuite+intent")
        r = run(peer, peer == "crfsuite+intent", data, intent_model, intent_seconds, args.max_iterations)
        if not args.per_slot:
            del r["per_slot"]
        r["data"] = os.path.basename(os.path.normpath(args.data))
        print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
