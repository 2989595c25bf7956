#!/usr/bin/env python3
"""Checks Frontline's default training data (TrainingData/nlu/*.yml and kb/*.md).

    python3 Scripts/check-training-data.py          # check and print counts
    python3 Scripts/check-training-data.py --fix    # also fill canonical values

Checks: YAML parses; every [raw](slot) / [raw](slot:value) annotation is well formed; slot
names are known; product mentions are in the catalogue (slots.product.values in domain.yml)
(unless an explicit canonical value is given, which must be a catalogue name); order numbers,
emails and postcodes look right; no duplicate examples; 45-60 examples per intent; KB front
matter has the required fields and names only known intents and products.
--fix rewrites [PS5](product) as [PS5](product:playstation 5) and [a48213](order_number) as
[a48213](order_number:A-48213), i.e. adds the canonical value where the raw text differs.
"""
import glob, os, re, sys
from collections import Counter, defaultdict
import yaml

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "TrainingData")
SLOTS = {"order_number", "product", "email", "date", "postcode"}
MIN_EX, MAX_EX, MIN_OOS = 45, 60, 120
ANN = re.compile(r"\[([^\[\]]+)\]\(([A-Za-z0-9_.\-]+)(?::([^)]*))?\)")
ORDER = re.compile(r"^#?([Aa])[- ]?-?(\d{5})$")
EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
POSTCODE = re.compile(r"^([A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}|\d{5})$")
errors = []

def catalogue():
    """Canonical product names and synonyms from slots.product.values in domain.yml."""
    names, syn = set(), {}
    domain = yaml.safe_load(open(os.path.join(ROOT, "domain.yml"), encoding="utf-8"))
    for entry in domain["slots"]["product"]["values"]:
        canon, synonyms = (entry, []) if isinstance(entry, str) else next(iter(entry.items()))
        names.add(canon)
        for s in [canon] + list(synonyms or []):
            if s.lower() in syn and syn[s.lower()] != canon:
                errors.append(f"catalogue: synonym '{s}' maps to two products")
            syn[s.lower()] = canon
    return names, syn

def check_example(ex, where, names, syn):
    """Returns the example with canonical values filled in."""
    stripped = ANN.sub("", ex)
    if "[" in stripped.replace("\\[", "") or "]" in stripped.replace("\\]", ""):
        errors.append(f"{where}: unbalanced or malformed annotation: {ex}")
    def repl(m):
        raw, slot, value = m.group(1), m.group(2), m.group(3)
        if raw != raw.strip():
            errors.append(f"{where}: spaces inside brackets: {m.group(0)}")
        if slot not in SLOTS:
            errors.append(f"{where}: unknown slot '{slot}': {ex}")
            return m.group(0)
        canon = None
        if slot == "product":
            if value is not None:
                if value not in names:
                    errors.append(f"{where}: '{value}' is not a catalogue product: {ex}")
            elif raw.lower() in syn:
                canon = syn[raw.lower()]
            else:
                errors.append(f"{where}: '{raw}' is not a known product name or synonym: {ex}")
        elif slot == "order_number":
            om = ORDER.match(raw)
            if not om:
                errors.append(f"{where}: order number '{raw}' does not look like A-12345: {ex}")
            else:
                want = f"A-{om.group(2)}"
                if value is not None and value != want:
                    errors.append(f"{where}: order number value should be {want}: {ex}")
                canon = want
        elif slot == "email" and not EMAIL.match(raw):
            errors.append(f"{where}: '{raw}' is not an email: {ex}")
        elif slot == "postcode" and not POSTCODE.match(raw):
            errors.append(f"{where}: '{raw}' is not a UK postcode or US ZIP: {ex}")
        if value is None and canon is not None and canon != raw:
            return f"[{raw}]({slot}:{canon})"
        return m.group(0)
    return ANN.sub(repl, ex)

def plain(ex):
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", "", ANN.sub(lambda m: m.group(1), ex).lower())).strip()

def main():
    fix = "--fix" in sys.argv
    names, syn = catalogue()
    counts, annotated, slot_counts = Counter(), Counter(), Counter()
    seen = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "nlu", "*.yml"))):
        name = os.path.relpath(path, ROOT)
        text = open(path, encoding="utf-8").read()
        data = yaml.safe_load(text)
        if str(data.get("version", "1")) != "1" or not isinstance(data.get("nlu"), list):
            errors.append(f"{name}: expected version \"1\" and an 'nlu' list")
            continue
        new_text = text
        for item in data["nlu"]:
            if set(item) != {"intent", "examples"} or not isinstance(item["examples"], str):
                errors.append(f"{name}: item needs exactly 'intent' and a '|' block of 'examples'")
                continue
            intent = item["intent"]
            for line in item["examples"].splitlines():
                if not line.strip():
                    continue
                if not line.startswith("- ") or not line[2:].strip():
                    errors.append(f"{name} [{intent}]: bad example line: {line!r}")
                    continue
                ex = line[2:].strip()
                where = f"{name} [{intent}]"
                fixed = check_example(ex, where, names, syn)
                if fixed != ex:
                    new_text = new_text.replace(f"- {ex}\n", f"- {fixed}\n", 1)
                counts[intent] += 1
                found = ANN.findall(ex)
                if found:
                    annotated[intent] += 1
                for f in found:
                    slot_counts[f[1]] += 1
                key = plain(ex)
                if key in seen:
                    errors.append(f"{where}: duplicate of an example in [{seen[key]}]: {ex}")
                seen[key] = intent
        if fix and new_text != text:
            open(path, "w", encoding="utf-8").write(new_text)
    for intent, n in counts.items():
        lo, hi = (MIN_OOS, 10**9) if intent == "oos" else (MIN_EX, MAX_EX)
        if not lo <= n <= hi:
            errors.append(f"intent {intent}: {n} examples, expected {lo}-{hi if hi < 10**9 else 'more'}")
    check_kb(set(counts), names)
    for intent in sorted(counts):
        print(f"  {intent:28} {counts[intent]:4}  annotated {annotated[intent]:3}")
    total = sum(counts.values())
    print(f"{len(counts)} intents, {total} examples, {sum(annotated.values())} annotated "
          f"({100 * sum(annotated.values()) // total}%), slots: {dict(slot_counts)}")
    for e in errors:
        print("ERROR", e)
    sys.exit(1 if errors else 0)

KB_FIELDS = ["title", "summary", "tags", "intents", "products", "audience", "url"]

def check_kb(intents, names):
    paths = sorted(glob.glob(os.path.join(ROOT, "kb", "*.md")))
    urls = set()
    for path in paths:
        name = os.path.relpath(path, ROOT)
        text = open(path, encoding="utf-8").read()
        m = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
        if not m:
            errors.append(f"{name}: expected front matter between '---' lines")
            continue
        meta, body = yaml.safe_load(m.group(1)), m.group(2)
        if list(meta) != KB_FIELDS:
            errors.append(f"{name}: front matter keys {list(meta)}, expected {KB_FIELDS}")
        for k in ("tags", "intents", "products"):
            if not isinstance(meta.get(k), list):
                errors.append(f"{name}: '{k}' must be a list")
        for i in meta.get("intents") or []:
            if i not in intents:
                errors.append(f"{name}: unknown intent '{i}'")
        for p in meta.get("products") or []:
            if p not in names:
                errors.append(f"{name}: unknown product '{p}'")
        if meta.get("url") in urls:
            errors.append(f"{name}: duplicate url")
        urls.add(meta.get("url"))
        words = len(re.findall(r"\w+", body))
        if not 150 <= words <= 400:
            errors.append(f"{name}: body has {words} words, expected 150-400")
    print(f"kb: {len(paths)} articles")

if __name__ == "__main__":
    main()
