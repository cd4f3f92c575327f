#!/usr/bin/env python3
"""faster-whisper's word timestamps on the two samples with reference word timings.

Runs faster-whisper (whisper-base, float32, beam 1, temperature 0, word_timestamps=True) on the
16 kHz PCM that Verbatim's Media decodes, scores the words against
samples/speech/refs/picovoice_leopard_test_data.json as the Swift test does (words matched in
order by longest common subsequence of lower-cased alphanumerics; median absolute error of
their starts and ends), and writes Tests/TranscribeTests/Fixtures/oracle-words-whisper-base.json.

    /tmp/oracle-venv/bin/python tools/oracle/word_timestamps.py
"""
import json
import pathlib
import subprocess

import numpy as np
from faster_whisper import WhisperModel

ROOT = pathlib.Path(__file__).resolve().parents[2]
REFS = ROOT / "samples" / "speech" / "refs" / "picovoice_leopard_test_data.json"
FIXTURE = ROOT / "Tests" / "TranscribeTests" / "Fixtures" / "oracle-words-whisper-base.json"


def pcm(path):
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-ac", "1", "-ar", "16000", "-f", "f32le", "-"],
        check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype=np.float32).copy()


def normalised(word):
    return "".join(c for c in word.lower() if c.isalnum())


def boundary_errors(reference, words):
    a = [normalised(w["word"]) for w in reference]
    b = [normalised(w["text"]) for w in words]
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    errors, i, j, matched = [], 0, 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            errors += [abs(reference[i]["start_sec"] - words[j]["start"]), abs(reference[i]["end_sec"] - words[j]["end"])]
            matched += 1
            i += 1
            j += 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return errors, matched


def main():
    model = WhisperModel(str(ROOT / "models" / "whisper-base"), device="cpu", compute_type="float32", cpu_threads=2)
    results = []
    for test in json.loads(REFS.read_text())["tests"]["language_tests"]:
        audio = pcm(ROOT / "samples" / "speech" / test["sample"])
        segments, info = model.transcribe(audio, beam_size=1, temperature=0, word_timestamps=True, vad_filter=False)
        words = [{"text": w.word, "start": w.start, "end": w.end, "probability": w.probability}
                 for s in segments for w in s.words]
        errors, matched = boundary_errors(test["words"], words)
        median = float(np.median(errors))
        print(f"{test['sample']}: {matched}/{len(test['words'])} words matched, median error {median * 1000:.0f} ms")
        results.append({"file": test["sample"], "language": info.language, "words": words,
                        "matched": matched, "medianBoundaryError": median})
    FIXTURE.write_text(json.dumps({"model": "whisper-base", "results": results}, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
