#!/usr/bin/env python3
"""faster-whisper on every fidelity case, with and without its vad_filter (dev-time reference).

    run_faster_whisper.py CASES_DIR OUT_DIR MODEL_DIR COMPUTE_TYPE THREADS

Writes OUT_DIR/faster-whisper/NAME.json and OUT_DIR/faster-whisper-vad/NAME.json: segments with
start, end, text, language and timed words, in the shape Verbatim's `--format json` writes.
"""
import json
import os
import sys

from faster_whisper import WhisperModel

cases_dir, out_dir, model_dir, compute, threads = sys.argv[1:6]
model = WhisperModel(model_dir, device="cpu", compute_type=compute, cpu_threads=int(threads))
names = sorted(f[:-5] for f in os.listdir(cases_dir) if f.endswith(".json"))
for engine, vad in (("faster-whisper", False), ("faster-whisper-vad", True)):
    os.makedirs(os.path.join(out_dir, engine), exist_ok=True)
    for name in names:
        meta = json.load(open(os.path.join(cases_dir, name + ".json")))
        segments, info = model.transcribe(os.path.join(cases_dir, name + ".wav"), language=meta.get("language"), beam_size=5,
                                          word_timestamps=True, vad_filter=vad)
        result = [{"start": s.start, "end": s.end, "text": s.text, "language": info.language,
                   "words": [{"start": w.start, "end": w.end, "text": w.word, "probability": w.probability} for w in (s.words or [])]}
                  for s in segments]
        json.dump({"language": info.language, "segments": result}, open(os.path.join(out_dir, engine, name + ".json"), "w"),
                  ensure_ascii=False)
        print(f"{engine} {name}: {len(result)} segments", file=sys.stderr)
