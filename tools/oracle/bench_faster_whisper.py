#!/usr/bin/env python3
"""One faster-whisper run for bench/transcribe: prints a JSON line with time, RTF, peak RSS, text.

    bench_faster_whisper.py MODEL_DIR AUDIO.wav COMPUTE_TYPE BEAM THREADS [LANGUAGE]
"""
import json
import resource
import subprocess
import sys
import time

import numpy as np
from faster_whisper import WhisperModel

model_dir, audio_path, compute_type, beam, threads = sys.argv[1:6]
language = sys.argv[6] if len(sys.argv) > 6 and sys.argv[6] != "auto" else None
raw = subprocess.run(
    ["ffmpeg", "-v", "error", "-i", audio_path, "-ac", "1", "-ar", "16000", "-f", "f32le", "-"],
    check=True, capture_output=True,
).stdout
audio = np.frombuffer(raw, dtype=np.float32).copy()
load_start = time.perf_counter()
model = WhisperModel(model_dir, device="cpu", compute_type=compute_type, cpu_threads=int(threads))
load = time.perf_counter() - load_start
start = time.perf_counter()
segments, info = model.transcribe(audio, language=language, beam_size=int(beam), vad_filter=False)
text = "".join(s.text for s in segments).strip()
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "engine": f"faster-whisper {compute_type}", "beam": int(beam), "threads": int(threads),
    "audioSeconds": len(audio) / 16000, "seconds": seconds, "rtf": seconds / (len(audio) / 16000),
    "loadSeconds": load, "peakRSSMiB": usage.ru_maxrss / 1024, "cpuSeconds": usage.ru_utime + usage.ru_stime,
    "language": info.language, "text": text,
}, ensure_ascii=False))
