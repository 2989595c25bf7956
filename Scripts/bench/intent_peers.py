"""Peer baselines for Scripts/bench/intent.sh: scikit-learn (and fastText when
installed) on CLINC150 Full and SNIPS joint, measured on this machine.

Features for the scikit-learn peers: word 1-2-gram + char_wb 2-5-gram TF-IDF
(sublinear). Training time covers features + fit. OOS thresholds (max
probability) are tuned on val + oos_val with the same rule Frontline uses: the
highest out-of-scope recall that costs at most 0.5 points of in-scope accuracy.
Prints one JSON object per peer and data set.
"""
import argparse, json, os, statistics, sys, time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import LinearSVC


def clinc(path):
    d = json.load(open(path))
    split = lambda k: ([t for t, _ in d[k] + d["oos_" + k]], [l for _, l in d[k] + d["oos_" + k]])
    return split("train"), split("val"), split("test")


def bio(folder):
    def split(name):
        texts = [l.strip() for l in open(os.path.join(folder, name, "seq.in"))]
        labels = [l.strip() for l in open(os.path.join(folder, name, "label"))]
        return texts, labels
    return split("train"), split("valid"), split("test")


def features():
    return make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    )


def metrics(gold, pred):
    gold, pred = np.array(gold), np.array(pred)
    ins = gold != "oos"
    out = {"accuracy": float((gold == pred).mean()), "in_scope_accuracy": float((gold[ins] == pred[ins]).mean())}
    if (~ins).any():
        flagged = pred == "oos"
        out["oos_recall"] = float((flagged & ~ins).sum() / (~ins).sum())
        out["oos_precision"] = float((flagged & ~ins).sum() / max(flagged.sum(), 1))
    return out


def gated(classes, proba, threshold):
    pred = classes[proba.argmax(1)].astype(object)
    pred[proba.max(1) < threshold] = "oos"
    return pred


def tune_threshold(classes, proba, gold):
    gold = np.array(gold)
    if (gold != "oos").all():
        return 0.0
    base = metrics(gold, gated(classes, proba, 0.0))["in_scope_accuracy"]
    best = (0.0, -1.0)
    for t in np.arange(0.0, 0.9, 0.005):
        m = metrics(gold, gated(classes, proba, t))
        if m["in_scope_accuracy"] >= base - 0.005 and m["oos_recall"] > best[1]:
            best = (float(t), m["oos_recall"])
    return best[0]


def latency_us(predict_one, texts, rounds=300):
    times = []
    for text in (texts * (rounds // len(texts) + 1))[:rounds]:
        t0 = time.perf_counter()
        predict_one(text)
        times.append((time.perf_counter() - t0) * 1e6)
    return statistics.median(times)


def run_sklearn(name, model, train, val, test, probabilistic):
    t0 = time.perf_counter()
    pipe = make_pipeline(features(), model).fit(*train)
    train_seconds = time.perf_counter() - t0
    classes = pipe.classes_
    if probabilistic:
        threshold = tune_threshold(classes, pipe.predict_proba(val[0]), val[1])
        pred = gated(classes, pipe.predict_proba(test[0]), threshold)
        one = lambda t: pipe.predict_proba([t])
    else:
        threshold = None
        pred = pipe.predict(test[0])
        one = lambda t: pipe.predict([t])
    out = {"peer": name, "train_seconds": train_seconds, "threshold": threshold,
           "predict_median_us": latency_us(one, test[0])}
    out.update(metrics(test[1], pred))
    return out


def run_fasttext(train, val, test):
    import fasttext, tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        for t, l in zip(*train):
            f.write(f"__label__{l} {t}\n")
    t0 = time.perf_counter()
    model = fasttext.train_supervised(f.name, epoch=25, lr=0.5, wordNgrams=2, verbose=0, thread=2)
    train_seconds = time.perf_counter() - t0
    def proba(texts):
        labels, probs = model.predict(texts, k=1)
        return [l[0].replace("__label__", "") for l in labels], np.array([p[0] for p in probs])
    vl, vp = proba(val[0])
    gold = np.array(val[1])
    best, threshold = -1.0, 0.0
    if (gold == "oos").any():
        base = metrics(gold, np.array(vl, dtype=object))["in_scope_accuracy"]
        for t in np.arange(0.0, 0.9, 0.005):
            pred = np.where(vp < t, "oos", np.array(vl, dtype=object))
            m = metrics(gold, pred)
            if m["in_scope_accuracy"] >= base - 0.005 and m["oos_recall"] > best:
                best, threshold = m["oos_recall"], float(t)
    tl, tp = proba(test[0])
    pred = np.where(tp < threshold, "oos", np.array(tl, dtype=object))
    out = {"peer": "fasttext", "train_seconds": train_seconds, "threshold": threshold,
           "predict_median_us": latency_us(lambda t: model.predict(t, k=1), test[0])}
    out.update(metrics(test[1], pred))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clinc")
    ap.add_argument("--snips")
    ap.add_argument("--peers", default="sklearn-logreg,sklearn-svm,sklearn-nb,fasttext")
    args = ap.parse_args()
    sets = []
    if args.clinc:
        sets.append(("clinc150", clinc(args.clinc)))
    if args.snips:
        sets.append(("snips-joint", bio(args.snips)))
    peers = args.peers.split(",")
    for name, (train, val, test) in sets:
        for peer in peers:
            if peer == "sklearn-logreg":
                r = run_sklearn(peer, LogisticRegression(C=10, max_iter=1000), train, val, test, True)
            elif peer == "sklearn-svm":
                r = run_sklearn(peer, LinearSVC(C=1), train, val, test, False)
            elif peer == "sklearn-nb":
                r = run_sklearn(peer, MultinomialNB(alpha=0.1), train, val, test, True)
            elif peer == "fasttext":
                try:
                    r = run_fasttext(train, val, test)
                except Exception as error:  # not installed, or broken against this numpy
                    print(json.dumps({"data": name, "peer": "fasttext", "skipped": f"{type(error).__name__}: {error}"[:200]}))
                    continue
            r["data"] = name
            print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
