#!/usr/bin/env python3
"""Reference values for Verbatim's inter-coder agreement (Store/Agreement), from independent code.

Cohen's kappa comes from scikit-learn (`cohen_kappa_score`), Krippendorff's alpha from the PyPI
`krippendorff` package (nominal level). The unitization of codings into segments or characters is
re-implemented here in plain Python, independently of the Swift code.

Writes Tests/StoreTests/Fixtures/agreement.json (deterministic: fixed random seed).

    python3 -m venv /tmp/agree && /tmp/agree/bin/pip install -r tools/agreement/requirements.txt
    /tmp/agree/bin/python tools/agreement/make_fixtures.py
"""
import json
import math
import random
from pathlib import Path

import krippendorff
import numpy as np
from sklearn.metrics import cohen_kappa_score

OUT = Path(__file__).resolve().parents[2] / "Tests" / "StoreTests" / "Fixtures" / "agreement.json"


def alpha(matrix):
    """Nominal alpha; None when undefined (a single value in the whole domain, or nothing pairable)."""
    data = np.array([[np.nan if v is None else float(v) for v in row] for row in matrix])
    values = {v for row in matrix for v in row if v is not None}
    if len(values) < 2:
        return None
    pairable = sum(1 for col in data.T if np.count_nonzero(~np.isnan(col)) >= 2)
    if pairable == 0:
        return None
    value = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    return None if math.isnan(value) else float(value)


def kappa(a, b):
    if len(set(a) | set(b)) < 2:
        return None
    value = cohen_kappa_score(a, b)
    return None if math.isnan(value) else float(value)


def matrices(rng):
    """Random reliability matrices: nominal categories, some with missing values."""
    cases = []
    for index in range(12):
        coders = 2 if index < 6 else rng.randint(3, 5)
        units = rng.randint(8, 60)
        categories = rng.randint(2, 5)
        missing = 0.0 if index % 3 == 0 else 0.15
        bias = rng.random()
        matrix = []
        truth = [rng.randrange(categories) for _ in range(units)]
        for _ in range(coders):
            row = []
            for t in truth:
                if rng.random() < missing:
                    row.append(None)
                elif rng.random() < bias:
                    row.append(t)
                else:
                    row.append(rng.randrange(categories))
            matrix.append(row)
        case = {"name": f"matrix-{index}", "matrix": matrix, "alpha": alpha(matrix)}
        if coders == 2 and missing == 0.0:
            case["kappa"] = kappa(matrix[0], matrix[1])
        cases.append(case)
    return cases


def transcript_case(rng, name, coders, codes, jitter=None):
    """A transcript of random segment lengths with random codings, unitized both ways.

    With `jitter`, coders after the first copy the first coder's codings with span ends moved by up
    to `jitter` characters and an occasional coding dropped (realistic, fairly high agreement).
    """
    lengths = [rng.randint(5, 40) for _ in range(rng.randint(6, 14))]
    segments, offset = [], 0
    for length in lengths:
        segments.append([offset, offset + length])
        offset += length + 1  # the newline between segments
    text_length = offset - 1
    codings = []
    for coder in coders:
        if jitter is not None and coder != coders[0]:
            for c in [c for c in codings if c["coder"] == coders[0]]:
                if rng.random() < 0.15:
                    continue
                start = max(0, c["start"] + rng.randint(-jitter, jitter))
                end = min(text_length, max(start + 1, c["end"] + rng.randint(-jitter, jitter)))
                codings.append({"coder": coder, "code": c["code"], "start": start, "end": end})
            continue
        for code in codes:
            for _ in range(rng.randint(0, 4)):
                start = rng.randrange(text_length)
                end = min(text_length, start + rng.randint(1, 50))
                codings.append({"coder": coder, "code": code, "start": start, "end": end})
    result = {"name": name, "textLength": text_length, "segments": segments, "coders": coders, "codes": codes,
              "codings": codings, "expected": {}}
    for unit in ("segments", "characters"):
        units = segments if unit == "segments" else [[i, i + 1] for i in range(text_length)]
        per_code, pooled = {}, [[] for _ in coders]
        for code in codes:
            matrix = []
            for coder in coders:
                spans = [(c["start"], c["end"]) for c in codings if c["coder"] == coder and c["code"] == code]
                matrix.append([1 if any(s < u_end and e > u_start for s, e in spans) else 0 for u_start, u_end in units])
            entry = {"alpha": alpha(matrix), "codedUnits": sum(1 for col in zip(*matrix) if 1 in col)}
            if len(coders) == 2:
                entry["kappa"] = kappa(matrix[0], matrix[1])
            per_code[str(code)] = entry
            for row, values in zip(pooled, matrix):
                row.extend(values)
        overall = {"alpha": alpha(pooled)}
        if len(coders) == 2:
            overall["kappa"] = kappa(pooled[0], pooled[1])
        result["expected"][unit] = {"unitCount": len(units), "perCode": per_code, "overall": overall}
    return result


def main():
    rng = random.Random(20261123)
    fixture = {
        "generator": "tools/agreement/make_fixtures.py",
        "libraries": {"krippendorff": "0.9.0", "scikit-learn": "1.9.1"},
        "matrices": matrices(rng),
        "transcripts": [
            transcript_case(rng, "two-coders", [1, 2], [10, 11, 12]),
            transcript_case(rng, "two-coders-sparse", [5, 9], [1, 2, 3, 4]),
            transcript_case(rng, "three-coders", [1, 2, 3], [7, 8]),
            transcript_case(rng, "two-similar-coders", [3, 4], [20, 21, 22], jitter=4),
            transcript_case(rng, "three-similar-coders", [1, 2, 3], [5, 6], jitter=3),
        ],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
