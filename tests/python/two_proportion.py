"""Independent reference for src/main/analytics/experiments/two-proportion.ts and the variant split.

Reads JSON from its first argument: {"tests": [[xA, nA, xB, nB], ...], "splits": [[count, ...], ...]} and prints
JSON: for each test the p-value of Pearson's chi-square test of the 2x2 table without continuity
correction (scipy.stats.chi2_contingency, which equals the pooled two-proportion z-test), the same
p-value from the normal distribution, the 95% Wald interval of pB - pA and the viewers per arm for
80% power at alpha 0.05; for each split the p-value of scipy.stats.chisquare against equal shares.
"""
import json
import math
import sys

from scipy import stats

data = json.loads(sys.argv[1])
out = {"tests": [], "splits": []}
z_alpha = stats.norm.ppf(0.975)
z_power = stats.norm.ppf(0.8)
for xa, na, xb, nb in data["tests"]:
    pa, pb = xa / na, xb / nb
    table = [[xa, na - xa], [xb, nb - xb]]
    if 0 < xa + xb < na + nb:
        chi2_p = float(stats.chi2_contingency(table, correction=False)[1])
        pooled = (xa + xb) / (na + nb)
        z = (pb - pa) / math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
        norm_p = float(2 * stats.norm.sf(abs(z)))
    else:
        chi2_p = None
        norm_p = None
    half = z_alpha * math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    if pa != pb:
        mean = (pa + pb) / 2
        top = z_alpha * math.sqrt(2 * mean * (1 - mean)) + z_power * math.sqrt(
            pa * (1 - pa) + pb * (1 - pb)
        )
        needed = top * top / (pb - pa) ** 2
    else:
        needed = None
    out["tests"].append(
        {
            "chi2P": chi2_p,
            "normP": norm_p,
            "ciLow": pb - pa - half,
            "ciHigh": pb - pa + half,
            "neededPerArm": needed,
        }
    )
for counts in data["splits"]:
    out["splits"].append(float(stats.chisquare(counts).pvalue))
json.dump(out, sys.stdout)
