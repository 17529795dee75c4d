"""Independent reference for src/main/analytics/segments/ (lloyd.ts, kmeans.ts): the k-means fit.

Reads a JSON file named by its first argument: {"points": [[...], ...], "ks": [2, 3, ...]} and
prints JSON: for each k the inertia (total squared distance of every point to its centre) of
scikit-learn's KMeans (k-means++ start, 10 starts, Lloyd's algorithm, random_state 0).
"""
import json
import sys

import numpy as np
from sklearn.cluster import KMeans

with open(sys.argv[1], encoding="utf-8") as f:
    data = json.load(f)
x = np.asarray(data["points"], dtype=float)
out = {}
for k in data["ks"]:
    model = KMeans(n_clusters=k, init="k-means++", n_init=10, algorithm="lloyd", random_state=0)
    model.fit(x)
    out[str(k)] = float(model.inertia_)
print(json.dumps(out))
