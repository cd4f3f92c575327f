#!/usr/bin/env python3
"""Diarization error rate with pyannote.metrics (dev-only scoring tool).

`score_der.py REF.rttm HYP.rttm [HYP.rttm ...]`
    prints DER (collar 0.25 s, i.e. ±0.125 s around reference boundaries; overlap scored) and
    its components for each hypothesis, e.g. the RTTM written by `verbatim transcribe`.

`score_der.py --fixture OUT.json REF.rttm [HYP.rttm ...]`
    writes the fixture that Verbatim's Swift DER implementation is checked against: several
    hypotheses (synthetic variations of the reference, plus the given RTTM files) with their
    turns and pyannote's components, so the Swift test can assert it computes the same numbers.
"""
import json
import os
import sys
import warnings

from pyannote.core import Annotation, Segment
from pyannote.metrics.diarization import DiarizationErrorRate

COLLAR = 0.25
warnings.filterwarnings("ignore", message="'uem' was approximated")


def read_rttm(path):
    turns = []
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) >= 8 and p[0] == "SPEAKER":
                start, duration = float(p[3]), float(p[4])
                turns.append((start, start + duration, p[7]))
    return turns


def annotation(turns):
    a = Annotation()
    for i, (start, end, speaker) in enumerate(turns):
        a[Segment(start, end), i] = speaker
    return a


def score(reference, hypothesis):
    metric = DiarizationErrorRate(collar=COLLAR, skip_overlap=False)
    c = metric(annotation(reference), annotation(hypothesis), detailed=True)
    return {"der": c["diarization error rate"], "false_alarm": c["false alarm"], "missed": c["missed detection"],
            "confusion": c["confusion"], "total": c["total"]}


def synthetic(reference):
    speakers = sorted({s for _, _, s in reference})
    rename = {s: f"H{i}" for i, s in enumerate(reversed(speakers))}
    yield "renamed", [(a, b, rename[s]) for a, b, s in reference]
    yield "shifted_0.3s", [(a + 0.3, b + 0.3, s) for a, b, s in reference]
    start, end = min(a for a, _, _ in reference), max(b for _, b, _ in reference)
    yield "one_speaker", [(start, end, "X")]
    flat = []
    ordered = sorted(reference)
    for i, (a, b, s) in enumerate(ordered):
        if i + 1 < len(ordered):
            b = min(b, ordered[i + 1][0])
        if b > a:
            flat.append((a, b, s if i % 4 != 2 else ("other" if s == speakers[0] else speakers[0])))
    yield "flattened_with_swaps", flat
    yield "three_speakers", [(a, (a + b) / 2, s) for a, b, s in reference] + [((a + b) / 2, b, "third") for a, b, s in reference]
    yield "nothing_but_noise", [(0.0, 2.0, "A"), (3.5, 5.0, "B")]


def main():
    args = sys.argv[1:]
    if args[:1] == ["--fixture"] and len(args) >= 3:
        out, ref_path, hyp_paths = args[1], args[2], args[3:]
        reference = read_rttm(ref_path)
        result = {"collar": COLLAR, "reference": os.path.basename(ref_path), "hypotheses": {}}
        hypotheses = list(synthetic(reference)) + [(os.path.basename(p), read_rttm(p)) for p in hyp_paths]
        for name, turns in hypotheses:
            entry = score(reference, turns)
            entry["turns"] = [[round(a, 6), round(b, 6), s] for a, b, s in turns]
            result["hypotheses"][name] = entry
            print(f"{name}: DER {entry['der']:.4f}", file=sys.stderr)
        with open(out, "w") as f:
            json.dump(result, f, indent=1)
            f.write("\n")
    elif len(args) >= 2:
        reference = read_rttm(args[0])
        for path in args[1:]:
            s = score(reference, read_rttm(path))
            print(f"{os.path.basename(path)}: DER {100 * s['der']:.2f} % (false alarm {s['false_alarm']:.3f} s, "
                  f"missed {s['missed']:.3f} s, confusion {s['confusion']:.3f} s, of {s['total']:.3f} s)")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
