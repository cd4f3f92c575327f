#!/usr/bin/env python3
"""Reference speaker embeddings from the real Resemblyzer package (dev-only oracle).

For each audio file: decode to 16 kHz mono float32 with the ffmpeg CLI (bit-identical to
Verbatim's `Media` decoder), apply Resemblyzer's `normalize_volume(wav, -30, increase_only=True)`
(its `preprocess_wav` without the webrtcvad silence trimming, which Verbatim replaces by its own
voice-activity detection), then `VoiceEncoder("cpu").embed_utterance(wav, return_partials=True)`.
The mel frames come from librosa 0.10 (`center=True`, zero padding), as pinned in requirements.txt.

Usage: embedding_oracle.py OUT.json AUDIO [AUDIO ...]
Writes {"samples": {name: {"embedding": [256], "partials": [[256], ...], "mel_head": [[40] x 3]}}}.
"""
import json
import os
import subprocess
import sys

import numpy as np
import torch
from resemblyzer import VoiceEncoder, audio


def decode(path):
    raw = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", path, "-ac", "1", "-ar", "16000",
                          "-f", "f32le", "-"], check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype="<f4").copy()


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    torch.set_num_threads(1)
    encoder = VoiceEncoder("cpu", verbose=False)
    result = {"source": "resemblyzer 0.1.4 VoiceEncoder.embed_utterance (torch %s, librosa %s)"
                        % (torch.__version__, audio.librosa.__version__), "samples": {}}
    for path in sys.argv[2:]:
        wav = audio.normalize_volume(decode(path), audio.audio_norm_target_dBFS, increase_only=True)
        embedding, partials, _ = encoder.embed_utterance(wav, return_partials=True)
        mel = audio.wav_to_mel_spectrogram(wav)
        result["samples"][os.path.basename(path)] = {
            "embedding": [round(float(v), 7) for v in embedding],
            "partials": [[round(float(v), 7) for v in p] for p in partials],
            "mel_head": [[float("%.7g" % v) for v in row] for row in mel[:3]],
        }
        print(f"{os.path.basename(path)}: {len(partials)} partials", file=sys.stderr)
    with open(sys.argv[1], "w") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
