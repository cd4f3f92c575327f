#!/usr/bin/env python3
"""Per-frame speech probabilities from the silero-vad package's own ONNX model (dev-only oracle).

Runs `silero_vad/data/silero_vad.onnx` from the silero-vad 6.2.3 wheel with onnxruntime exactly as
the package's `OnnxWrapper` feeds it: 512-sample frames at 16 kHz, each prefixed by the last 64
samples of the previous model input (zeros at the start), recurrent state (2, 1, 128) carried
from frame to frame, the last frame zero-padded. Audio is decoded with the ffmpeg CLI to 16 kHz
mono float32 (Verbatim's `Media` decoder is bit-identical to it).

Also runs a NumPy forward pass (the architecture Verbatim's Swift code implements) over two
weight files: JIT.safetensors, the package's TorchScript weights extracted by `convert_jit.py`
(it must equal the ONNX model: this checks the forward pass itself), and the wheel's own
`silero_vad_16k.safetensors`, which holds different weights (see convert_jit.py).

Usage: vad_oracle.py OUT.json JIT.safetensors AUDIO [AUDIO ...]
Writes {"samples": {name: {"onnx": [...], "safetensors": [...]}}}, probabilities to 6 decimals:
"onnx" from the package's ONNX model, "safetensors" from the NumPy forward over the wheel's file.
"""
import json
import os
import subprocess
import sys

import numpy as np
import onnxruntime

import importlib.util

# The package's __init__ imports torch; only its data files are needed, so locate without importing.
DATA = os.path.join(os.path.dirname(importlib.util.find_spec("silero_vad").origin), "data")
FRAME, CONTEXT = 512, 64


def decode(path):
    raw = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", path, "-ac", "1", "-ar", "16000",
                          "-f", "f32le", "-"], check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype="<f4").copy()


def onnx_probs(audio):
    opts = onnxruntime.SessionOptions()
    opts.inter_op_num_threads = opts.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(os.path.join(DATA, "silero_vad.onnx"),
                                           providers=["CPUExecutionProvider"], sess_options=opts)
    state = np.zeros((2, 1, 128), dtype=np.float32)
    context = np.zeros((1, CONTEXT), dtype=np.float32)
    probs = []
    for start in range(0, len(audio), FRAME):
        chunk = audio[start:start + FRAME]
        chunk = np.pad(chunk, (0, FRAME - len(chunk)))[None, :].astype(np.float32)
        x = np.concatenate([context, chunk], axis=1)
        out, state = session.run(None, {"input": x, "state": state, "sr": np.array(16000, dtype=np.int64)})
        context = x[:, -CONTEXT:]
        probs.append(float(out[0, 0]))
    return probs


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    n = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        out[name] = np.frombuffer(data[8 + n + a:8 + n + b], dtype="<f4").reshape(info["shape"])
    return out


def conv1d(x, w, b, stride, pad):
    # x (C_in, T), w (C_out, C_in, K)
    x = np.pad(x, ((0, 0), (pad, pad)))
    k = w.shape[2]
    t_out = (x.shape[1] - k) // stride + 1
    cols = np.stack([x[:, i * stride:i * stride + k] for i in range(t_out)], axis=-1)  # (C_in, K, T)
    y = np.einsum("oik,ikt->ot", w, cols)
    return y + (b[:, None] if b is not None else 0)


def numpy_probs(audio, weights):
    w = weights
    h = np.zeros(128, dtype=np.float32)
    c = np.zeros(128, dtype=np.float32)
    context = np.zeros(CONTEXT, dtype=np.float32)
    probs = []
    sig = lambda v: 1 / (1 + np.exp(-v))
    for start in range(0, len(audio), FRAME):
        chunk = np.pad(audio[start:start + FRAME], (0, max(0, FRAME - len(audio[start:start + FRAME]))))
        x = np.concatenate([context, chunk])
        context = x[-CONTEXT:]
        x = np.pad(x, (0, 64), mode="reflect")[None, :]
        s = conv1d(x, w["stft_conv.weight"], None, 128, 0)
        mag = np.sqrt(s[:129] ** 2 + s[129:] ** 2)
        y = np.maximum(conv1d(mag, w["conv1.weight"], w["conv1.bias"], 1, 1), 0)
        y = np.maximum(conv1d(y, w["conv2.weight"], w["conv2.bias"], 2, 1), 0)
        y = np.maximum(conv1d(y, w["conv3.weight"], w["conv3.bias"], 2, 1), 0)
        y = np.maximum(conv1d(y, w["conv4.weight"], w["conv4.bias"], 1, 1), 0)[:, 0]
        g = w["lstm_cell.weight_ih"] @ y + w["lstm_cell.bias_ih"] + w["lstm_cell.weight_hh"] @ h + w["lstm_cell.bias_hh"]
        i, f, gg, o = np.split(g, 4)
        c = sig(f) * c + sig(i) * np.tanh(gg)
        h = sig(o) * np.tanh(c)
        z = w["final_conv.weight"][0, :, 0] @ np.maximum(h, 0) + w["final_conv.bias"][0]
        probs.append(float(sig(z)))
    return probs


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    weights = load_safetensors(os.path.join(DATA, "silero_vad_16k.safetensors"))
    jit_weights = load_safetensors(sys.argv[2])
    result = {"model": "silero-vad 6.2.3 silero_vad.onnx (onnxruntime %s, CPU, 1 thread)" % onnxruntime.__version__,
              "frame_samples": FRAME, "context_samples": CONTEXT, "samples": {}}
    for path in sys.argv[3:]:
        audio = decode(path)
        ref = onnx_probs(audio)
        jit = numpy_probs(audio, jit_weights)
        mine = numpy_probs(audio, weights)
        d_jit = max(abs(a - b) for a, b in zip(ref, jit))
        d_st = max(abs(a - b) for a, b in zip(ref, mine))
        print(f"{os.path.basename(path)}: {len(ref)} frames, max |onnx - numpy(jit weights)| = {d_jit:.2e}, "
              f"max |onnx - numpy(wheel safetensors)| = {d_st:.2e}", file=sys.stderr)
        if d_jit > 1e-4:
            sys.exit("the NumPy forward pass does not reproduce the ONNX model: fix it before writing fixtures")
        result["samples"][os.path.basename(path)] = {"onnx": [round(p, 6) for p in ref],
                                                     "safetensors": [round(p, 6) for p in mine]}
    with open(sys.argv[1], "w") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
