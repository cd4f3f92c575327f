#!/usr/bin/env python3
"""Scores the fidelity cases: what each engine lost, invented, and got wrong (dev-time).

    score.py CASES_DIR OUT_DIR ENGINE [ENGINE ...]

Reads OUT_DIR/ENGINE/NAME.json (segments with start, end, text, language, words, and for
Verbatim speakers and flags) and prints, per case and in total: reference words, deleted and
inserted words (alignment of the normalised word sequences), words placed in silence (more than
0.5 s from every reference utterance), WER, utterances lost (under half their words found in
their time span), utterances decoded in the wrong language, speaker attribution accuracy
(word-level, best one-to-one label mapping), DER (10 ms frames, 0.25 s collar, overlap scored),
and the median word-start error against the reference word timings. For engines that flag
words (Verbatim: the words of segments marked for review), precision and recall of the flags on
wrong words (substitutions and insertions). Writes OUT_DIR/fidelity.json with every figure.
"""
import itertools
import json
import os
import re
import statistics
import sys
import unicodedata

cases_dir, out_dir, engines = sys.argv[1], sys.argv[2], sys.argv[3:]
# Verbatim marks a word unsure below this probability (Transcribe's TranscriptionWord.unsureProbability).
UNSURE = 0.75


def normalise(text):
    text = unicodedata.normalize("NFC", text.lower()).replace("’", "'")
    text = re.sub(r"[-–—]", " ", text)
    text = re.sub(r"[^\w' ]", " ", text)
    return [w.strip("'") for w in text.split() if w.strip("'")]


def align(ref, hyp):
    """Levenshtein alignment; returns ops: ('ok'|'sub', i, j), ('del', i, None), ('ins', None, j)."""
    n, m = len(ref), len(hyp)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]))
    ops, i, j = [], n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and d[i][j] == d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            ops.append(("ok" if ref[i - 1] == hyp[j - 1] else "sub", i - 1, j - 1)); i -= 1; j -= 1
        elif i > 0 and d[i][j] == d[i - 1][j] + 1:
            ops.append(("del", i - 1, None)); i -= 1
        else:
            ops.append(("ins", None, j - 1)); j -= 1
    return ops[::-1]


def hyp_words(result):
    """Timed, normalised words: (text, start, end, segment), one per normalised token."""
    words = []
    for index, segment in enumerate(result["segments"]):
        timed = segment.get("words") or []
        if not timed:
            tokens = normalise(segment["text"])
            step = (segment["end"] - segment["start"]) / max(1, len(tokens))
            words += [(t, segment["start"] + k * step, segment["start"] + (k + 1) * step, index) for k, t in enumerate(tokens)]
            continue
        for word in timed:
            for token in normalise(word["text"]):
                words.append((token, word["start"], word["end"], index, word))
    return words


def der(reference, hypothesis, collar=0.25, frame=0.01):
    end = max([t[1] for t in reference + hypothesis] + [0])
    frames = int(end / frame) + 1
    def labels(turns):
        out = [set() for _ in range(frames)]
        for start, stop, speaker in turns:
            for k in range(int(start / frame), min(frames, int(stop / frame))):
                out[k].add(speaker)
        return out
    ref, hyp = labels(reference), labels(hypothesis)
    excluded = set()
    for start, stop, _ in reference:
        for edge in (start, stop):
            excluded.update(range(max(0, int((edge - collar / 2) / frame)), min(frames, int((edge + collar / 2) / frame))))
    ref_names = sorted({t[2] for t in reference}); hyp_names = sorted({t[2] for t in hypothesis})
    best = None
    pad = hyp_names + [None] * max(0, len(ref_names) - len(hyp_names))
    for perm in itertools.permutations(pad, len(ref_names)) if len(pad) <= 7 else [pad[:len(ref_names)]]:
        mapping = {h: r for h, r in zip(perm, ref_names) if h is not None}
        total = error = 0
        for k in range(frames):
            if k in excluded:
                continue
            r, h = ref[k], {mapping.get(x, "?" + x) for x in hyp[k]}
            total += len(r)
            error += max(len(r), len(h)) - len(r & h)
        if total and (best is None or error / total < best):
            best = error / total
    return best if best is not None else 0.0


def score(meta, result):
    utterances = meta["utterances"]
    ref = [w for u in utterances for w in normalise(u["text"])]
    words = hyp_words(result)
    ops = align(ref, [w[0] for w in words])
    deleted = sum(op[0] == "del" for op in ops); inserted = sum(op[0] == "ins" for op in ops)
    substituted = sum(op[0] == "sub" for op in ops)
    wrong = {op[2] for op in ops if op[0] in ("sub", "ins")}
    spans = [(u["start"] - 0.5, u["end"] + 0.5) for u in utterances]
    in_silence = sum(1 for w in words if not any(a <= (w[1] + w[2]) / 2 <= b for a, b in spans))
    lost = wrong_language = 0
    for u in utterances:
        inside = [w[0] for w in words if u["start"] - 0.5 <= (w[1] + w[2]) / 2 <= u["end"] + 0.5]
        expected = normalise(u["text"])
        found = sum(min(inside.count(t), expected.count(t)) for t in set(expected))
        if found < 0.5 * len(expected):
            lost += 1
        languages = [s.get("language") for s in result["segments"] if s["start"] < u["end"] and s["end"] > u["start"]]
        want = meta.get("language") or u["language"]
        if languages and max(set(languages), key=languages.count) != want:
            wrong_language += 1
    row = {"words": len(ref), "deleted": deleted, "inserted": inserted, "substituted": substituted, "inSilence": in_silence,
           "wer": (deleted + inserted + substituted) / max(1, len(ref)), "utterances": len(utterances), "lost": lost,
           "wrongLanguage": wrong_language}
    # Speakers (only where the engine labels them).
    if any(s.get("speaker") for s in result["segments"]):
        ref_names = sorted({u["speaker"] for u in utterances})
        counts, total = {}, 0
        for u in utterances:
            for w in words:
                if u["start"] - 0.2 <= (w[1] + w[2]) / 2 <= u["end"] + 0.2:
                    speaker = (w[4].get("speaker") if len(w) > 4 else None) or result["segments"][w[3]].get("speaker")
                    counts[(u["speaker"], speaker)] = counts.get((u["speaker"], speaker), 0) + 1
                    total += 1
        hyp_names = sorted({h for _, h in counts if h})
        pad = hyp_names + [None] * max(0, len(ref_names) - len(hyp_names))
        best = max((sum(counts.get((r, h), 0) for r, h in zip(ref_names, perm) if h) for perm in itertools.permutations(pad, len(ref_names))),
                   default=0)
        row["speakerAccuracy"] = best / max(1, total)
        row["speakersFound"] = len(hyp_names)
        row["der"] = der([(u["start"], u["end"], u["speaker"]) for u in utterances],
                         [(s["start"], s["end"], s["speaker"]) for s in result["segments"] if s.get("speaker")])
    # Word-start error against reference word timings.
    errors = []
    for u in utterances:
        if "words" not in u:
            continue
        inside = [w for w in words if u["start"] - 0.5 <= (w[1] + w[2]) / 2 <= u["end"] + 0.5]
        cursor = 0
        for rw in u["words"]:
            for k in range(cursor, len(inside)):
                if normalise(rw["word"]) == [inside[k][0]]:
                    errors.append(abs(inside[k][1] - rw["start"])); cursor = k + 1
                    break
    row["boundaryErrors"] = errors
    # Flags (engines that write review flags): unsure words, and the words of segments marked for review.
    if any("needsReview" in s for s in result["segments"]):
        unsure = {j for j, w in enumerate(words) if len(w) > 4 and w[4].get("probability", 1) < UNSURE}
        flagged = {j for j, w in enumerate(words) if result["segments"][w[3]].get("needsReview")}
        row["unsureWrong"] = len(unsure & wrong); row["unsure"] = len(unsure)
        row["flaggedWrong"] = len(flagged & wrong); row["flagged"] = len(flagged); row["wrong"] = len(wrong)
    return row


names = sorted(f[:-5] for f in os.listdir(cases_dir) if f.endswith(".json"))
table = {}
for engine in engines:
    for name in names:
        path = os.path.join(out_dir, engine, name + ".json")
        if os.path.exists(path):
            table.setdefault(name, {})[engine] = score(json.load(open(os.path.join(cases_dir, name + ".json"))), json.load(open(path)))


def fmt(row):
    median = statistics.median(row["boundaryErrors"]) if row["boundaryErrors"] else None
    cells = [f'{row["deleted"]:>4}', f'{row["inserted"]:>4}', f'{row["inSilence"]:>4}', f'{row["wer"]:6.3f}',
             f'{row["lost"]}/{row["utterances"]}'.rjust(6), f'{row["wrongLanguage"]:>4}',
             f'{row["speakerAccuracy"]:5.2f}' if "speakerAccuracy" in row else "    -",
             f'{row["der"]:5.3f}' if "der" in row else "    -",
             f'{median * 1000:5.0f}' if median is not None else "    -"]
    return " ".join(cells)


header = f'{"case":<20} {"engine":<20} {"del":>4} {"ins":>4} {"sil":>4} {"WER":>6} {"lost":>6} {"lang":>4} {"spk":>5} {"DER":>5} {"bnd ms":>6}'
print(header)
print("-" * len(header))
totals = {}
for name, rows in table.items():
    for engine, row in rows.items():
        print(f"{name:<20} {engine:<20} {fmt(row)}")
        t = totals.setdefault(engine, {"words": 0, "deleted": 0, "inserted": 0, "substituted": 0, "inSilence": 0, "utterances": 0,
                                       "lost": 0, "wrongLanguage": 0, "boundaryErrors": [], "flaggedWrong": 0, "flagged": 0, "wrong": 0, "unsureWrong": 0, "unsure": 0,
                                       "worseThanBest": []})
        for key in ("words", "deleted", "inserted", "substituted", "inSilence", "utterances", "lost", "wrongLanguage",
                    "flaggedWrong", "flagged", "wrong", "unsureWrong", "unsure"):
            t[key] += row.get(key, 0)
        t["boundaryErrors"] += row["boundaryErrors"]
    others = [r["wer"] for e, r in rows.items() if e.startswith("faster-whisper")]
    for engine, row in rows.items():
        if not engine.startswith("faster-whisper") and others and row["wer"] > min(others) + 1e-9:
            totals[engine]["worseThanBest"].append(name)
print("-" * len(header))
for engine, t in totals.items():
    t["wer"] = (t["deleted"] + t["inserted"] + t["substituted"]) / max(1, t["words"])
    print(f'{"TOTAL":<20} {engine:<20} {fmt(t)}')
for engine, t in totals.items():
    if t["flagged"] or t["wrong"]:
        precision = t["flaggedWrong"] / t["flagged"] if t["flagged"] else 0.0
        recall = t["flaggedWrong"] / t["wrong"] if t["wrong"] else 1.0
        print(f"{engine}: unsure words (p < {UNSURE}) on wrong words: precision {t['unsureWrong'] / max(1, t['unsure']):.2f}, "
              f"recall {t['unsureWrong'] / max(1, t['wrong']):.2f} ({t['unsureWrong']} of {t['unsure']} unsure words wrong; "
              f"{t['wrong']} wrong words)")
        print(f"{engine}: words of segments marked for review: precision {precision:.2f}, recall {recall:.2f} "
              f"({t['flaggedWrong']} of {t['flagged']} words wrong)")
    if t["worseThanBest"]:
        print(f"{engine}: WER above the better faster-whisper mode on {', '.join(t['worseThanBest'])}")
json.dump({"cases": table, "totals": totals}, open(os.path.join(out_dir, "fidelity.json"), "w"), indent=1, default=str)
