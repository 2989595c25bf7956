"""Table for Scripts/bench/intent.sh from Frontline's and the peers' JSON lines."""
import json, sys

ours = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
peers = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]


def pct(v):
    return "-" if v is None else f"{100 * v:.2f}"


for data in ["clinc150", "snips-joint"]:
    rows = []
    for r in ours:
        if r["data"] == data:
            rows.append((f"frontline {r['run']}", r["trainSeconds"], r.get("inScopeAccuracy"), r.get("oosRecall"),
                         r.get("oosPrecision"), r["predictMedianMicroseconds"], r["utterancesPerSecondOneCore"],
                         r.get("utterancesPerSecondBatched")))
    for r in peers:
        if r.get("data") == data and "skipped" not in r:
            rows.append((r["peer"], r["train_seconds"], r.get("in_scope_accuracy"), r.get("oos_recall"),
                         r.get("oos_precision"), r["predict_median_us"], None, None))
    if not rows:
        continue
    print(f"\n### {data} (test split)\n")
    print("| model | train s | in-scope acc % | OOS recall % | OOS precision % | predict µs (median, 1 utterance) | utterances/s (1 core, one by one) | utterances/s (1 core, batched) |")
    print("|---|---|---|---|---|---|---|---|")

    def rate(v):
        return "-" if v is None else f"{v:,.0f}"

    for name, t, acc, rec, prec, us, tput, batched in rows:
        print(f"| {name} | {t:.2f} | {pct(acc)} | {pct(rec)} | {pct(prec)} | {us:.1f} | {rate(tput)} | {rate(batched)} |")
    ref = next((r for r in peers if r.get("data") == data and r.get("peer") == "sklearn-logreg"), None)
    fl = next((r for r in ours if r["data"] == data and r["run"] == "logreg-cblas"), None)
    sw = next((r for r in ours if r["data"] == data and r["run"] == "logreg-swift"), None)
    if ref and fl:
        print(f"\nTraining: scikit-learn logistic regression / Frontline = {ref['train_seconds'] / fl['trainSeconds']:.1f}x; "
              f"prediction latency ratio = {ref['predict_median_us'] / fl['predictMedianMicroseconds']:.0f}x")
    if fl and sw:
        print(f"Training with CBLAS vs plain Swift loops: {sw['trainSeconds']:.2f} s / {fl['trainSeconds']:.2f} s = "
              f"{sw['trainSeconds'] / fl['trainSeconds']:.2f}x")
