#!/usr/bin/env python3
"""Builds the fidelity benchmark's recordings from the samples (dev-time; nothing here is committed as audio).

    cases.py SAMPLES_DIR OUT_DIR

Each case is OUT_DIR/NAME.wav (16 kHz; mono unless the case is about channels) and OUT_DIR/NAME.json:
the utterances placed in it, each with its start and end (seconds), speaker, language and reference
text, and, where the sample has word timings (Picovoice's test data), its reference words. Cases:
pauses of 2-60 s between utterances, two and three people alternating (mono mix and one channel
each with bleed), a duplicated channel, noise and music under speech, one-word answers, a language
switch, a minute of silence at both ends, and the pyannote two-person sample with its RTTM.
"""
import json
import os
import subprocess
import sys

import numpy as np

RATE = 16000
samples_dir, out_dir = sys.argv[1], sys.argv[2]
os.makedirs(out_dir, exist_ok=True)
refs = os.path.join(samples_dir, "refs")
leopard = json.load(open(os.path.join(refs, "picovoice_leopard_test_data.json")))["tests"]["language_tests"]
timed = {t["sample"]: t["words"] for t in leopard}


def decode(name, channels=1):
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", os.path.join(samples_dir, name), "-ac", str(channels), "-ar", str(RATE), "-f", "f32le", "-"],
        check=True, capture_output=True).stdout
    audio = np.frombuffer(raw, dtype=np.float32).copy()
    return audio.reshape(-1, channels).T if channels > 1 else audio


def text(name):
    return open(os.path.join(refs, os.path.splitext(name)[0] + ".txt")).read().strip()


# Clips: (file, language, speaker). Speakers are the recorded people; the French and English
# LibriSpeech/Common Voice speakers are all different people.
CLIPS = {
    "fr_a": ("fr_commonvoice_picovoice_test_fr.wav", "fr", "fr_cv"),
    "fr_b": ("fr_picovoice_cheetah_test_fr_norm.wav", "fr", "fr_cheetah"),
    "en_a": ("en_librispeech_2412-153948-0000.flac", "en", "ls2412"),
    "en_b": ("en_librispeech_1272-128104-0000_picovoice.wav", "en", "ls1272"),
    "en_c": ("en_jfk_inaugural.flac", "en", "jfk"),
}


def voiced(audio, frame=RATE // 50, floor_db=-35):
    """Seconds from the clip's start to its first and last 20 ms frame within `floor_db` of its loudest: where the voice is."""
    frames = len(audio) // frame
    energy = np.array([np.mean(audio[k * frame:(k + 1) * frame].astype(np.float64) ** 2) for k in range(frames)])
    loud = np.nonzero(energy >= energy.max() * 10 ** (floor_db / 10))[0]
    return loud[0] * frame / RATE, (loud[-1] + 1) * frame / RATE


def utterance(key, start, audio, words=None, reference=None):
    name, language, speaker = CLIPS[key] if key in CLIPS else key
    first, last = voiced(audio)
    item = {"start": round(start + first, 3), "end": round(start + last, 3), "speaker": speaker, "language": language,
            "text": reference if reference is not None else text(name), "clip": name}
    source_words = words if words is not None else timed.get(name)
    if source_words:
        item["words"] = [{"word": w["word"], "start": round(start + w["start_sec"], 3), "end": round(start + w["end_sec"], 3)}
                         for w in source_words]
    return item


def build(name, parts, language=None, speakers=None, stereo=False, bleed=0.1, noise=None, tail=1.0):
    """parts: list of (clip key or (name, language, speaker) with audio, silence before). Writes the case."""
    tracks, utterances, cursor = [], [], 0
    for key, silence_before, *rest in parts:
        audio = rest[0] if rest else decode(CLIPS[key][0])
        words = rest[1] if len(rest) > 1 else None
        reference = rest[2] if len(rest) > 2 else None
        cursor += int(silence_before * RATE)
        utterances.append(utterance(key, cursor / RATE, audio, words, reference))
        tracks.append((cursor, audio, utterances[-1]["speaker"]))
        cursor += len(audio)
    length = cursor + int(tail * RATE)
    people = sorted({t[2] for t in tracks}, key=[t[2] for t in tracks].index)
    if stereo:
        signal = np.zeros((len(people), length), dtype=np.float32)
        for start, audio, speaker in tracks:
            for channel, person in enumerate(people):
                signal[channel, start:start + len(audio)] += audio * (1.0 if person == speaker else bleed)
    else:
        signal = np.zeros(length, dtype=np.float32)
        for start, audio, _ in tracks:
            signal[start:start + len(audio)] += audio
    if noise is not None:
        signal = noise(signal)
    write(name, signal, {"utterances": utterances, "language": language, "speakers": speakers or len(people),
                         "channels": signal.shape[0] if signal.ndim == 2 else 1})


def write(name, signal, meta):
    data = signal.T if signal.ndim == 2 else signal[:, None]
    channels = data.shape[1]
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "f32le", "-ar", str(RATE), "-ac", str(channels), "-i", "-",
                    "-c:a", "pcm_s16le", os.path.join(out_dir, name + ".wav")],
                   input=np.clip(data, -1, 1).astype(np.float32).tobytes(), check=True)
    json.dump(meta, open(os.path.join(out_dir, name + ".json"), "w"), ensure_ascii=False, indent=1)


def rms(x):
    return float(np.sqrt(np.mean(x.astype(np.float64) ** 2)))


# Pauses between two French utterances, decoded with the language forced.
for pause in (2, 5, 10, 30, 60):
    build(f"pause_{pause:02d}s", [("fr_a", 1.0), ("fr_b", pause), ("fr_a", pause)], language="fr")
# A minute of silence before and after.
build("silence_edges", [("fr_a", 60.0), ("fr_b", 1.5)], language="fr", tail=60.0)
# Two and three people alternating, in one mono mix and one channel each.
two = [("en_a", 1.0), ("en_b", 0.6), ("en_a", 0.8), ("en_b", 0.5)]
build("two_people_mono", two)
build("two_people_stereo", two, stereo=True)
build("three_people_mono", [("en_a", 1.0), ("en_b", 0.6), ("en_c", 0.7), ("en_a", 0.5), ("en_c", 0.6), ("en_b", 0.8)])
# One voice on two channels that are near copies (correlation ~0.98): one speaker (the same
# person's sentence three times).
mono = [("fr_a", 1.0), ("fr_a", 1.0), ("fr_a", 1.0)]
build("duplicated_channel", mono, speakers=1)
meta_path = os.path.join(out_dir, "duplicated_channel.json")
meta = json.load(open(meta_path))
# Rebuild as a real duplicated channel: the mix on both channels, the second with a little noise.
parts = [decode(CLIPS[k][0]) for k, _ in mono]
mix = np.zeros(int(sum(len(p) for p in parts) + 4.0 * RATE), dtype=np.float32)
cursor = 0
for (k, before), p in zip(mono, parts):
    cursor += int(before * RATE)
    mix[cursor:cursor + len(p)] += p
    cursor += len(p)
rng = np.random.default_rng(7)
second = mix + rng.normal(0, 0.2 * rms(mix[mix != 0]), len(mix)).astype(np.float32)
meta["channels"] = 2
meta["speakers"] = 1
meta["correlation"] = float(np.corrcoef(mix, second)[0, 1])
write("duplicated_channel", np.stack([mix, second]), meta)
# Noise (pink, 10 dB below the speech) and music (a chord progression, 12 dB below) under speech.
speech = [("en_b", 1.0), ("fr_a", 1.0), ("en_a", 1.0)]


def pink_noise(signal):
    white = rng.normal(0, 1, len(signal))
    spectrum = np.fft.rfft(white)
    spectrum /= np.sqrt(np.maximum(np.arange(len(spectrum)), 1))
    pink = np.fft.irfft(spectrum, len(signal)).astype(np.float32)
    return signal + pink * (rms(signal[signal != 0]) / rms(pink) / np.sqrt(10))


def music(signal):
    t = np.arange(len(signal)) / RATE
    chords = [(220.0, 277.2, 329.6), (196.0, 246.9, 293.7), (174.6, 220.0, 261.6), (196.0, 246.9, 311.1)]
    out = np.zeros(len(signal), dtype=np.float64)
    for i in range(int(t[-1] // 2) + 1):
        sl = (t >= 2 * i) & (t < 2 * i + 2)
        for f in chords[i % len(chords)]:
            out[sl] += np.sin(2 * np.pi * f * t[sl]) * np.exp(-(t[sl] - 2 * i) * 1.5)
    out = out.astype(np.float32)
    return signal + out * (rms(signal[signal != 0]) / rms(out) / np.sqrt(16))


build("noise_under_speech", speech, noise=pink_noise)
build("music_under_speech", speech, noise=music)
# Language switch inside the recording.
build("language_switch", [("en_b", 1.0), ("fr_a", 1.5), ("en_a", 1.5), ("fr_b", 1.5)])
# One-word answers after questions, cut from the timed samples.
def word_clip(name, index):
    w = timed[name][index]
    audio = decode(name)
    start, end = max(0, int((w["start_sec"] - 0.08) * RATE)), int((w["end_sec"] + 0.12) * RATE)
    return (audio[start:end], [{"word": w["word"], "start_sec": w["start_sec"] - start / RATE, "end_sec": w["end_sec"] - start / RATE}],
            w["word"])


answers = []
for index in (2, 5, 12):
    clip, words, reference = word_clip("fr_commonvoice_picovoice_test_fr.wav", index)
    answers += [("en_a", 1.0), (("fr_commonvoice_picovoice_test_fr.wav", "fr", "fr_cv"), 1.0, clip, words, reference)]
build("short_answers", answers)
# The pyannote sample: a real two-person conversation with a reference RTTM and transcript.
stm = [l.split(maxsplit=5) for l in open(os.path.join(refs, "en_diar_pyannote_sample.stm")) if l.strip()]
audio = decode("en_diar_pyannote_sample.wav")
write("pyannote_meeting", audio, {
    "utterances": [{"start": float(p[3]), "end": float(p[4]), "speaker": p[2], "language": "en", "text": p[5].strip()} for p in stm],
    "language": None, "speakers": None, "channels": 1})
print(" ".join(sorted(f[:-5] for f in os.listdir(out_dir) if f.endswith(".json"))))
