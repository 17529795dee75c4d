"""Independent popularity, item-kNN and user-kNN baselines under evaluate-recommend's protocol.

Reads a UCI Online Retail CSV (argv[1]) with the csv module, applies the same filters as
`npm run analytics -- evaluate-recommend --format online-retail` (cancelled invoices, lines without
a customer, non-positive quantity or price left out), leaves each customer's latest line out
(the later-listed one on equal times) when they bought at least two different stock codes, and
scores the three baselines with numpy / scikit-learn matrices. Prints JSON:
{"evaluated": n, "courses": n, "popularity": {"hits", "ndcg", "coverage"}, "itemKnn": ..., "userKnn": ...}

Ranking: every course the customer does not own (bought by somebody in training), by score
rounded to 1e-9, then by buyers, then by stock code (string order); k neighbours per item/user
by cosine, ties by index (customers in order of first appearance, stock codes in string order).
"""
import csv
import json
import sys

import numpy as np
from sklearn.metrics.pairwise import cosine_similarity

K = int(sys.argv[2]) if len(sys.argv) > 2 else 10
NEIGHBOURS = int(sys.argv[3]) if len(sys.argv) > 3 else 50

rows = []
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        customer = r["CustomerID"].strip()
        if customer.endswith(".0"):
            customer = customer[:-2]
        if not customer or r["InvoiceNo"].strip().startswith("C"):
            continue
        if not float(r["Quantity"]) > 0 or not float(r["UnitPrice"]) > 0:
            continue
        rows.append((customer, r["StockCode"].strip(), r["InvoiceDate"].strip()))

# "YYYY-MM-DD HH:MM" sorts as text in time order.
latest = {}
owned_all = {}
for i, (c, item, at) in enumerate(rows):
    if c not in latest or at >= rows[latest[c]][2]:
        latest[c] = i
    owned_all.setdefault(c, set()).add(item)
held = {c: rows[i][1] for c, i in latest.items() if len(owned_all[c]) >= 2}
training = [(c, item) for c, item, _ in rows if held.get(c) != item]

# Customers in order of first appearance (ties between equally similar neighbours go to the
# earlier one), stock codes in string order.
customers = list(dict.fromkeys(c for c, _, _ in rows))
items = sorted({item for _, item in training})
ci = {c: n for n, c in enumerate(customers)}
ii = {item: n for n, item in enumerate(items)}
X = np.zeros((len(customers), len(items)))
for c, item in training:
    X[ci[c], ii[item]] = 1.0
buyers = X.sum(axis=0)

# Item-kNN: cosine between item columns, each item's NEIGHBOURS most similar (co-bought only).
S = cosine_similarity(X.T)
np.fill_diagonal(S, 0.0)
S_top = np.zeros_like(S)
for i in range(len(items)):
    candidates = np.flatnonzero(S[i] > 0)
    order = sorted(candidates, key=lambda j: (-round(S[i, j] * 1e9), j))[:NEIGHBOURS]
    S_top[i, order] = S[i, order]

# User-kNN: cosine between customers, each one's NEIGHBOURS most similar (overlap only).
U = cosine_similarity(X)
np.fill_diagonal(U, 0.0)


def top(scores, owned):
    cands = [j for j in range(len(items)) if buyers[j] > 0 and j not in owned]
    cands.sort(key=lambda j: (-round(scores[j] * 1e9), -buyers[j], j))
    return cands[:K]


result = {"evaluated": len(held), "courses": len(items)}
tallies = {name: {"hits": 0, "gain": 0.0, "shown": set()} for name in ("popularity", "itemKnn", "userKnn")}
for c, target in held.items():
    u = ci[c]
    owned = set(np.flatnonzero(X[u]))
    sims = U[u]
    others = sorted(np.flatnonzero(sims > 0), key=lambda v: (-round(sims[v] * 1e9), v))[:NEIGHBOURS]
    scores = {
        "popularity": buyers,
        "itemKnn": X[u] @ S_top,
        "userKnn": sims[others] @ X[others] if others else np.zeros(len(items)),
    }
    for name, s in scores.items():
        ranked = [items[j] for j in top(s, owned)]
        t = tallies[name]
        t["shown"].update(ranked)
        if target in ranked:
            t["hits"] += 1
            t["gain"] += 1 / np.log2(ranked.index(target) + 2)
for name, t in tallies.items():
    result[name] = {
        "hits": t["hits"],
        "ndcg": t["gain"] / len(held),
        "coverage": len(t["shown"]) / len(items),
    }
print(json.dumps(result))
