#!/usr/bin/env python3
"""Writes the sentence encoder's reference fixture (Tests/Fixtures/encoder/).

Token ids and offsets come from the real `tokenizers` library reading the same
tokenizer.json; embeddings come from an independent numpy implementation of the BERT
forward pass (float64, exact erf GELU, mean pooling over all tokens, L2 norm) reading the
same model.safetensors. The Swift tests compare against both.

Run in a throwaway venv (test-only dependencies, never needed by Frontline itself):
    python3 -m venv /tmp/encvenv && /tmp/encvenv/bin/pip install tokenizers numpy safetensors
    /tmp/encvenv/bin/python Scripts/encoder_reference.py [.cache/encoders/all-MiniLM-L6-v2]

Outputs: reference.json (texts, ids, offsets in Unicode scalars, dimension) and
embeddings.f32 (little-endian float32, one row of `dimension` per text).
"""
import json
import math
import os
import random
import sys

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

MAX_LENGTH = 128

HANDWRITTEN = [
    "where is my order",
    "Where is my order A-12345?",
    "I want to cancel order #A12345 please",
    "my package never arrived!!!",
    "How do I reset my password?",
    "can I get a refund for order 98765-XY",
    "what's your return policy",
    "I was charged twice, fix it NOW",
    "Talk to a human",
    "talk to an agent please :)",
    "hi",
    "hello?",
    "?",
    "!!!",
    "...",
    "a",
    "",
    "   ",
    "\t\n",
    "ok",
    "Thanks, bye!",
    "The café on Straße 5 is closed — why?",
    "Ich möchte meine Bestellung stornieren, bitte.",
    "naïve résumé façade coöperate",
    "ÉCOLE ÜBER ÅNGSTRÖM",
    "Je voudrais un remboursement s'il vous plaît",
    "¿Dónde está mi pedido?",
    "Olá, minha encomenda não chegou",
    "I love it 😀👍",
    "order arrived broken 😡😡😡",
    "family: 👨‍👩‍👧‍👦 flag: 🇫🇷 heart: ❤️",
    "我的订单在哪里",
    "注文はどこですか？",
    "주문이 어디에 있나요?",
    "Where is 我的 order 12345?",
    "Привет, где мой заказ?",
    "مرحبا أين طلبي",
    "שלום, איפה ההזמנה שלי",
    "नमस्ते मेरा ऑर्डर कहाँ है",
    "Γεια σας, πού είναι η παραγγελία μου;",
    "https://shop.example.com/orders/A-12345?ref=email&utm=1",
    "email me at jane.doe+shop@example.co.uk",
    "call +1 (555) 010-2030 ext. 42",
    "my tracking number is 1Z999AA10123456784",
    "it cost $49.99 + 8.5% tax = $54.24",
    "delivery on 2024-03-15 at 14:30",
    "3/4 of the items were missing",
    "I ordered 2x shoes size 10.5 (EU 44)",
    "WHERE IS MY ORDER",
    "wHeRe Is My OrDeR",
    "iPhone 15 Pro Max 256GB",
    "McDonald's O'Brien rock'n'roll",
    "e-mail, co-operate, re-enter",
    "state-of-the-art customer-service bot",
    "C++ and C# and F#",
    "user_name_123 snake_case CamelCase",
    "100% satisfied!!! 5/5 stars *****",
    "<b>bold</b> & <i>italic</i>",
    "tab\tseparated\tvalues",
    "line one\nline two\r\nline three",
    "control\u0007char and\u0000nul",
    "zero\u200bwidth\u200cjoiner\u200d",
    "soft\u00adhyphen",
    "non\u00a0breaking space",
    "ﬁancée ﬂight",  # ligatures (compatibility, not canonical: kept by NFD)
    "Ｆｕｌｌｗｉｄｔｈ ｌｅｔｔｅｒｓ",
    "ⅷ ① ²³",
    "İstanbul Iğdır",
    "ß ẞ ǅ",
    "e\u0301 decomposed accent",
    "antidisestablishmentarianism",
    "pneumonoultramicroscopicsilicovolcanoconiosis",
    "x" * 120,
    "supercalifragilisticexpialidocious" * 4,
    "A-12345 B-67890 C-13579",
    "ORD-2024-000123",
    "SKU#XJ-9000/blue/XL",
    "v1.2.3-beta+build.5",
    "192.168.0.1:8080",
    "$$$ €€€ £££ ¥¥¥",
    "≥ ≤ ± × ÷ → ←",
    "“smart quotes” and ‘single’ «guillemets»",
    "em—dash en–dash hyphen-minus",
    "ellipsis… bullet • middle·dot",
    "@support #help",
    "lol wtf omg brb",
    "pls hlp my acct is lockd",
    "i cant login to my account since yesterday",
    "I can't log in to my account since yesterday",
    "how long does shipping to canada take",
    "do you ship internationally?",
    "is there a discount code for first orders",
    "the discount code SAVE20 doesn't work",
    "change my delivery address to 221B Baker Street, London NW1 6XE",
    "update my phone number",
    "I need an invoice for my company (VAT ID DE123456789)",
    "what payment methods do you accept",
    "can I pay with paypal or apple pay",
    "my card was declined",
    "the app keeps crashing on android 14",
    "website is down??",
    "who are you",
    "are you a robot",
    "what's the weather like",
    "tell me a joke",
    "I'm really frustrated with your service",
    "this is the third time I'm contacting you about the same problem",
    "Thank you so much, you've been very helpful!",
    "nevermind",
    "yes",
    "no",
    "maybe later",
    "1",
    "12345",
    "0000000000000000000000",
    "3.14159265358979323846",
    "[CLS] [SEP] [PAD] [UNK] [MASK]",
    "##ing ## #",
    "end with space ",
    " start with space",
]

LONG_TEXTS = [
    " ".join(["I ordered a pair of shoes three weeks ago and they still have not arrived, the tracking page says"
              " the parcel is in transit but it has not moved for ten days, I have emailed twice and nobody answers,"
              " please tell me what is going on and whether I can get a refund or a replacement sent by express."] * 2),
    "Hello, " + "my order is late again and again and again, " * 30 + "please help.",
    " ".join(str(i) for i in range(200)),
    "word " * 300,
    "Ünïcödé " * 80,
    "😀 " * 150,
]

PRODUCTS = ["shoes", "laptop", "phone case", "headphones", "T-shirt", "coffee maker", "gift card", "sofa", "lamp", "book"]
VERBS = ["return", "cancel", "exchange", "track", "reorder", "review", "pay for", "ship"]
OPENERS = ["", "Hi, ", "hello! ", "Excuse me, ", "URGENT: ", "hey there... ", "Good morning — ", "Yo "]
CLOSERS = ["", "?", " please", " asap!!", " thanks :)", " 🙏", " (order A-%05d)", " ref #%d"]


def generated(count, seed=14):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        closer = rng.choice(CLOSERS)
        if "%" in closer:
            closer = closer % rng.randint(0, 99999)
        text = f"{rng.choice(OPENERS)}how do I {rng.choice(VERBS)} my {rng.choice(PRODUCTS)}{closer}"
        if rng.random() < 0.3:
            text = text.upper() if rng.random() < 0.5 else text.title()
        out.append(text)
    return out


def texts():
    all_texts = HANDWRITTEN + LONG_TEXTS
    return all_texts + generated(220 - len(all_texts))


def layer_norm(x, gamma, beta, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


_erf = np.vectorize(math.erf)


def gelu(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


class Bert:
    """BERT encoder in float64 numpy, one text at a time (no padding, no mask needed)."""

    def __init__(self, folder):
        config = json.load(open(os.path.join(folder, "config.json")))
        raw = load_file(os.path.join(folder, "model.safetensors"))
        self.w = {k.removeprefix("bert."): v.astype(np.float64) for k, v in raw.items()}
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.eps = config["layer_norm_eps"]

    def linear(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def hidden_states(self, ids):
        w = self.w
        n = len(ids)
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n] \
            + w["embeddings.token_type_embeddings.weight"][0]
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        d = x.shape[1]
        hd = d // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            q = self.linear(x, p + "attention.self.query").reshape(n, self.heads, hd).transpose(1, 0, 2)
            k = self.linear(x, p + "attention.self.key").reshape(n, self.heads, hd).transpose(1, 0, 2)
            v = self.linear(x, p + "attention.self.value").reshape(n, self.heads, hd).transpose(1, 0, 2)
            scores = q @ k.transpose(0, 2, 1) / math.sqrt(hd)
            scores -= scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            context = (probs @ v).transpose(1, 0, 2).reshape(n, d)
            attended = self.linear(context, p + "attention.output.dense") + x
            x = layer_norm(attended, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], self.eps)
            hidden = gelu(self.linear(x, p + "intermediate.dense"))
            out = self.linear(hidden, p + "output.dense") + x
            x = layer_norm(out, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        return x

    def embed(self, ids):
        pooled = self.hidden_states(ids).mean(axis=0)
        return pooled / max(np.linalg.norm(pooled), 1e-12)


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, ".cache/encoders/all-MiniLM-L6-v2")
    out = os.path.join(repo, "Tests/Fixtures/encoder")
    os.makedirs(out, exist_ok=True)

    tokenizer = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_LENGTH)
    bert = Bert(folder)

    cases = []
    rows = []
    for text in texts():
        enc = tokenizer.encode(text)
        # Python's offsets count Unicode scalars (code points) of the original text.
        offsets = [None if special else list(span) for span, special in zip(enc.offsets, enc.special_tokens_mask)]
        cases.append({"text": text, "ids": enc.ids, "offsets": offsets})
        rows.append(bert.embed(enc.ids))
    dimension = rows[0].shape[0]
    with open(os.path.join(out, "reference.json"), "w", encoding="utf-8") as f:
        json.dump({"encoder": "all-MiniLM-L6-v2", "maxLength": MAX_LENGTH, "dimension": dimension, "cases": cases},
                  f, ensure_ascii=False, separators=(",", ":"))
    np.asarray(rows, dtype="<f4").tofile(os.path.join(out, "embeddings.f32"))
    print(f"{len(cases)} texts, {sum(len(c['ids']) for c in cases)} tokens -> {out}")


if __name__ == "__main__":
    main()
