#!/usr/bin/env python3
"""Speech regions from the silero-vad package's own `get_speech_timestamps_from_probs` (dev-only oracle).

Reads the per-frame probabilities of the VAD fixture (`vad_oracle.py`'s output, "onnx" series),
turns them into regions with the package's function under several option sets, and writes the
regions in samples, so that the Swift `SpeechRegion.regions` can be checked to reproduce them.
Needs torch (the package's utils import it), e.g. the tools/diarization environment plus
`pip install --no-deps silero-vad==6.2.3`.

Usage: regions_oracle.py PROBABILITIES.json OUT.json
"""
import json
import sys

from silero_vad.utils_vad import get_speech_timestamps_from_probs

OPTION_SETS = {
    "default": {},
    "max_speech_3s": {"max_speech_duration_s": 3.0},
    "threshold_0.3_silence_300ms": {"threshold": 0.3, "min_silence_duration_ms": 300},
    "min_speech_1s_pad_100ms": {"min_speech_duration_ms": 1000, "speech_pad_ms": 100},
}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        probabilities = json.load(f)["samples"]
    result = {"option_sets": OPTION_SETS, "samples": {}}
    for name, series in probabilities.items():
        probs = series["onnx"]
        length = len(probs) * 512  # the fixture does not store the exact length: frames × 512
        result["samples"][name] = {"sample_count": length, "regions": {}}
        for label, options in OPTION_SETS.items():
            regions = get_speech_timestamps_from_probs(probs, sampling_rate=16000, audio_length_samples=length, **options)
            result["samples"][name]["regions"][label] = [[r["start"], r["end"]] for r in regions]
            print(f"{name} {label}: {len(regions)} regions", file=sys.stderr)
    with open(sys.argv[2], "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
