#!/usr/bin/env python3
"""Reference outputs of faster-whisper on the installed models, as Swift test fixtures.

Runs faster-whisper (CTranslate2, float32, greedy, temperature 0 only, condition on previous
text) on the same 16 kHz PCM that Verbatim's Media module decodes (ffmpeg's resampler), and
writes Tests/TranscribeTests/Fixtures/oracle-<model>.json (and oracle-beam5-whisper-base.json
for beam 5 on two short samples); dumps log-mel and encoder-output
values of one window to Tests/TranscribeTests/Fixtures/window-<model>.json.

    python3 -m venv /tmp/oracle-venv && /tmp/oracle-venv/bin/pip install -r tools/oracle/requirements.txt
    /tmp/oracle-venv/bin/python tools/oracle/oracle.py
    /tmp/oracle-venv/bin/python tools/oracle/oracle.py --compute-type int8   # oracle-int8-*.json
    /tmp/oracle-venv/bin/python tools/oracle/oracle.py --prompt              # oracle-prompt-whisper-base.json

With `--compute-type int8` it writes the same greedy transcripts (and beam 5 for base) with
faster-whisper's int8 weights into oracle-int8-<model>.json and oracle-int8-beam5-whisper-base.json,
the reference for Verbatim's int8 compute type. With `--prompt` it writes a float32 greedy
transcript of PROMPT_SAMPLE with the initial prompt PROMPT.
"""
import json
import pathlib
import re
import subprocess
import sys

import ctranslate2
import jiwer
import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.feature_extractor import FeatureExtractor

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEECH = ROOT / "samples" / "speech"
FIXTURES = ROOT / "Tests" / "TranscribeTests" / "Fixtures"

SAMPLES = {
    "whisper-base": [
        "en_librispeech_1272-128104-0000_picovoice.wav",
        "en_jfk_inaugural.flac",
        "en_librispeech_2412-153948-0000.flac",
        "fr_commonvoice_picovoice_test_fr.wav",
        "fr_picovoice_cheetah_test_fr_norm.wav",
        "en_diar_pyannote_sample.wav",
    ],
    "whisper-tiny.en": [
        "en_librispeech_1272-128104-0000_picovoice.wav",
        "en_jfk_inaugural.flac",
        "en_librispeech_2412-153948-0000.flac",
    ],
}
WINDOW_SAMPLE = "en_librispeech_1272-128104-0000_picovoice.wav"
BEAM_SAMPLES = ["en_librispeech_1272-128104-0000_picovoice.wav", "fr_commonvoice_picovoice_test_fr.wav"]
PROMPT_SAMPLE = "fr_picovoice_cheetah_test_fr_norm.wav"
PROMPT = "Entretien sur le parcours de soins en oncologie : chimiothérapie, radiothérapie, infirmière coordinatrice."


def pcm(name):
    """16 kHz mono float32, decoded as Verbatim's Media does (ffmpeg, bit-identical)."""
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(SPEECH / name), "-ac", "1", "-ar", "16000", "-f", "f32le", "-"],
        check=True, capture_output=True,
    ).stdout
    return np.frombuffer(raw, dtype=np.float32).copy()


def normalize(text):
    """Lower case, punctuation to spaces, apostrophes kept; the Swift tests use the same rule."""
    text = text.lower()
    text = re.sub(r"[^\w\s']|_", " ", text)
    return " ".join(text.split())


def reference(name):
    path = SPEECH / "refs" / (pathlib.Path(name).stem + ".txt")
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def transcribe(model, model_name, name, beam_size=1, initial_prompt=None):
    audio = pcm(name)
    segments, info = model.transcribe(
        audio,
        language="en" if model_name.endswith(".en") else None,
        beam_size=beam_size,
        best_of=1,
        temperature=[0.0],
        condition_on_previous_text=True,
        initial_prompt=initial_prompt,
        vad_filter=False,
    )
    segments = list(segments)
    text = "".join(s.text for s in segments).strip()
    entry = {
        "file": name,
        "language": info.language,
        "languageProbability": round(info.language_probability, 4),
        "text": text,
        "segments": [
            {
                "start": round(s.start, 2),
                "end": round(s.end, 2),
                "text": s.text,
                "tokens": list(s.tokens),
                "avgLogProb": round(s.avg_logprob, 4),
                "noSpeechProb": round(s.no_speech_prob, 4),
                "compressionRatio": round(s.compression_ratio, 4),
            }
            for s in segments
        ],
    }
    ref = reference(name)
    if ref is not None:
        entry["reference"] = ref
        entry["wer"] = round(jiwer.wer(normalize(ref), normalize(text)), 4)
    return entry


def window_dump(model_name):
    """A few log-mel and encoder-output values of the first window of WINDOW_SAMPLE."""
    audio = pcm(WINDOW_SAMPLE)
    extractor = FeatureExtractor(feature_size=80)
    features = extractor(audio, chunk_length=30)
    content = features.shape[-1] - 1
    window = features[:, :3000]
    window = np.pad(window, ((0, 0), (0, 3000 - window.shape[1])))
    mel_points = [[b, f] for b in (0, 7, 40, 79) for f in (0, 1, 100, 250, 499, 584, 585, 2999)]
    ct2 = ctranslate2.models.Whisper(str(ROOT / "models" / model_name), device="cpu", compute_type="float32")
    encoded = ct2.encode(ctranslate2.StorageView.from_array(np.ascontiguousarray(window[None], dtype=np.float32)))
    output = np.array(encoded)[0]
    positions = output.shape[0]
    enc_points = [[p, c] for p in (0, 1, 150, 292, 700, 1499) for c in (0, 5, 100, output.shape[1] - 1)]
    return {
        "file": WINDOW_SAMPLE,
        "model": model_name,
        "frames": int(features.shape[-1]),
        "contentFrames": int(content),
        "melMax": float(window[:, :content].max()),
        "melMean": float(window.mean()),
        "mel": [[b, f, float(window[b, f])] for b, f in mel_points],
        "encoderPositions": positions,
        "encoderMeanAbs": float(np.abs(output).mean()),
        "encoder": [[p, c, float(output[p, c])] for p, c in enc_points],
        "melFirstFrame": [float(v) for v in window[:, 0]],
    }


def settings_for(compute_type, command):
    return {
        "engine": "faster-whisper 1.2.1 / ctranslate2 4.8.5",
        "computeType": compute_type,
        "beamSize": 1,
        "temperatures": [0.0],
        "conditionOnPreviousText": True,
        "command": "/tmp/oracle-venv/bin/python tools/oracle/oracle.py" + command,
    }


def write(name, out):
    (FIXTURES / name).write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")


def main_int8(models):
    """oracle-int8-<model>.json and oracle-int8-beam5-whisper-base.json."""
    for model_name in models:
        model = WhisperModel(str(ROOT / "models" / model_name), device="cpu", compute_type="int8", cpu_threads=2)
        settings = settings_for("int8", " --compute-type int8")
        results = [transcribe(model, model_name, name) for name in SAMPLES[model_name]]
        write(f"oracle-int8-{model_name}.json", {"model": model_name, "settings": settings, "results": results})
        if model_name == "whisper-base":
            beam = [transcribe(model, model_name, name, beam_size=5) for name in BEAM_SAMPLES]
            write(f"oracle-int8-beam5-{model_name}.json",
                  {"model": model_name, "settings": dict(settings, beamSize=5), "results": beam})
        for r in results:
            print(model_name, "int8", r["file"], r["language"], r.get("wer"), r["text"][:100])


def main_prompt():
    """oracle-prompt-whisper-base.json: float32 greedy with an initial prompt."""
    model = WhisperModel(str(ROOT / "models" / "whisper-base"), device="cpu", compute_type="float32", cpu_threads=2)
    result = transcribe(model, "whisper-base", PROMPT_SAMPLE, initial_prompt=PROMPT)
    result["prompt"] = PROMPT
    write("oracle-prompt-whisper-base.json",
          {"model": "whisper-base", "settings": settings_for("float32", " --prompt"), "results": [result]})
    print("prompt", result["text"][:200])


def main():
    FIXTURES.mkdir(parents=True, exist_ok=True)
    arguments = sys.argv[1:]
    if "--prompt" in arguments:
        return main_prompt()
    if arguments[:2] == ["--compute-type", "int8"]:
        return main_int8(arguments[2:] or list(SAMPLES))
    models = arguments or list(SAMPLES)
    for model_name in models:
        model = WhisperModel(str(ROOT / "models" / model_name), device="cpu", compute_type="float32", cpu_threads=2)
        results = [transcribe(model, model_name, name) for name in SAMPLES[model_name]]
        settings = {
            "engine": "faster-whisper 1.2.1 / ctranslate2 4.8.5",
            "computeType": "float32",
            "beamSize": 1,
            "temperatures": [0.0],
            "conditionOnPreviousText": True,
            "command": "/tmp/oracle-venv/bin/python tools/oracle/oracle.py",
        }
        out = {"model": model_name, "settings": settings, "results": results}
        (FIXTURES / f"oracle-{model_name}.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        if model_name == "whisper-base":
            beam = [transcribe(model, model_name, name, beam_size=5) for name in BEAM_SAMPLES]
            beam_settings = dict(settings, beamSize=5)
            out = {"model": model_name, "settings": beam_settings, "results": beam}
            (FIXTURES / f"oracle-beam5-{model_name}.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        (FIXTURES / f"window-{model_name}.json").write_text(json.dumps(window_dump(model_name), indent=1) + "\n")
        for r in results:
            print(model_name, r["file"], r["language"], r.get("wer"), r["text"][:100])


if __name__ == "__main__":
    main()
