#!/usr/bin/env python3
"""Does faster-whisper loop on the mixed-language concatenation of the guard test?

Builds the recording of Tests/TranscribeTests/Fixtures/concatenations.json ("mixedLanguage":
silence, clip, silence, clip..., as the Swift test does, from the 16 kHz PCM that Media decodes),
runs faster-whisper on it (whisper-base, float32, its defaults: beam 5, temperature fallback,
conditioning on previous text, no VAD filter), and prints every segment and whether one holds a
loop by the Swift guard's rule (an n-gram of 1 to 8 tokens repeated 4 times in a row) or the
same text comes back in consecutive segments.

    /tmp/oracle-venv/bin/python tools/oracle/concatenation_loops.py [mixedLanguage|silences] [--vad]
"""
import json
import pathlib
import subprocess
import sys

import numpy as np
from faster_whisper import WhisperModel

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "Tests" / "TranscribeTests" / "Fixtures" / "concatenations.json"


def pcm(path):
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-ac", "1", "-ar", "16000", "-f", "f32le", "-"],
        check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype=np.float32).copy()


def has_loop(tokens, repeats=4, longest=8):
    for n in range(1, longest + 1):
        for start in range(0, len(tokens) - n * repeats + 1):
            gram = tokens[start:start + n]
            count, nxt = 1, start + n
            while tokens[nxt:nxt + n] == gram:
                count += 1
                nxt += n
            if count >= repeats:
                return True
    return False


def main():
    name = next((a for a in sys.argv[1:] if not a.startswith("--")), "mixedLanguage")
    spec = json.loads(FIXTURE.read_text())[name]
    parts, placed, at = [], [], 0
    for index, clip in enumerate(spec["clips"]):
        silence = np.zeros(int(spec["silences"][index] * 16000), dtype=np.float32)
        audio = pcm(ROOT / "samples" / "speech" / clip)
        parts += [silence, audio]
        at += len(silence)
        placed.append((clip, at / 16000, (at + len(audio)) / 16000))
        at += len(audio)
    parts.append(np.zeros(int(spec["silences"][-1] * 16000), dtype=np.float32))
    audio = np.concatenate(parts)
    model = WhisperModel(str(ROOT / "models" / "whisper-base"), device="cpu", compute_type="float32", cpu_threads=2)
    segments, info = model.transcribe(audio, vad_filter="--vad" in sys.argv)
    segments = list(segments)
    loops = 0
    for s in segments:
        loop = has_loop([t for t in s.tokens if t < 50257])
        loops += loop
        print(f"{s.start:7.2f} {s.end:7.2f} {'LOOP ' if loop else ''}{s.text}")
    texts = [s.text.strip().lower() for s in segments]
    repeated = sum(1 for a, b in zip(texts, texts[1:]) if a == b)
    for clip, start, end in placed:
        print(f"placed {clip}: {start:.2f}–{end:.2f} s")
    print(json.dumps({"concatenation": name, "seconds": len(audio) / 16000, "language": info.language,
                      "segments": len(segments), "segmentsWithLoop": loops, "repeatedConsecutiveSegments": repeated}))


if __name__ == "__main__":
    main()
