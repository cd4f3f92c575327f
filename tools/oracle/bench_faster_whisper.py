#!/usr/bin/env python3
"""One faster-whisper run for bench/transcribe: prints a JSON line with time, RTF, peak RSS, text.

    bench_faster_whisper.py MODEL_DIR AUDIO.wav COMPUTE_TYPE BEAM THREADS [LANGUAGE]

Cold start: when BENCH_START_REALTIME holds the wall-clock time (bash's $EPOCHREALTIME) taken by
the launching script right before it starts this process, the line carries
`firstSegmentSinceStart`: from then (so Python's start, the imports, the decode and the model
load count) to the first segment the generator yields, on the same clock (time.time()).
"""
import os
import time

launched = float(os.environ["BENCH_START_REALTIME"]) if os.environ.get("BENCH_START_REALTIME") else None

import json  # noqa: E402 (after the clock is read: the imports are part of the cold start)
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

import numpy as np
from faster_whisper import WhisperModel

model_dir, audio_path, compute_type, beam, threads = sys.argv[1:6]
language = sys.argv[6] if len(sys.argv) > 6 and sys.argv[6] != "auto" else None
# Decoded by ffmpeg to a temporary file, read in one array: the PCM is held once (reading the
# pipe and copying held it two or three times, which counted against faster-whisper's peak RSS).
with tempfile.NamedTemporaryFile(suffix=".f32") as pcm:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", audio_path, "-ac", "1", "-ar", "16000", "-f", "f32le", "-y", pcm.name],
        check=True,
    )
    audio = np.fromfile(pcm.name, dtype=np.float32)
load_start = time.perf_counter()
model = WhisperModel(model_dir, device="cpu", compute_type=compute_type, cpu_threads=int(threads))
load = time.perf_counter() - load_start
start = time.perf_counter()
segments, info = model.transcribe(audio, language=language, beam_size=int(beam), vad_filter=False)
pieces, first = [], None
for segment in segments:
    if first is None:
        first = time.time()
    pieces.append(segment.text)
text = "".join(pieces).strip()
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "engine": f"faster-whisper {compute_type}", "model": os.path.basename(os.path.normpath(model_dir)), "beam": int(beam), "threads": int(threads),
    "audioSeconds": len(audio) / 16000, "seconds": seconds, "rtf": seconds / (len(audio) / 16000),
    "loadSeconds": load, "peakRSSMiB": usage.ru_maxrss / 1024, "cpuSeconds": usage.ru_utime + usage.ru_stime,
    "language": info.language, "text": text,
    **({"firstSegmentSinceStart": first - launched} if launched is not None and first is not None else {}),
}, ensure_ascii=False))
