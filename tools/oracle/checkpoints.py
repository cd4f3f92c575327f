"""Random-weight Whisper checkpoints in every shape and quantisation, with CTranslate2's answers.

Builds small Whisper models with CTranslate2's own spec API (``ctranslate2.specs.WhisperSpec``),
saves each in every quantisation ``ct2-transformers-converter --quantization`` writes, and runs
CTranslate2 on them: greedy tokens from the log-mel features of a real recording (faster-whisper's
feature extractor, 80 or 128 bins). The Swift tests (``CheckpointShapeTests``) load the same folders
and must produce the same tokens, token for token. No model is downloaded: the vocabularies come
from the installed ``models/whisper-base`` (99 languages) and ``models/whisper-tiny.en`` (English
only); the 100-language vocabulary of large-v3 is base's with ``<|yue|>`` after the last language.

Usage: python tools/oracle/checkpoints.py OUTPUT_DIR AUDIO.wav
Writes OUTPUT_DIR/<shape>-<quantisation>/ (model.bin, config.json, vocabulary.json,
tokenizer.json), OUTPUT_DIR/expected.json (CTranslate2's tokens and the gap between its two best
logits at every step), OUTPUT_DIR/mel-80.f32 and mel-128.f32 (the feature extractor's window,
bin-major float32) and english-only-int16/ (a quantisation the engine must refuse by name). Dev and test tool only, never on the runtime path.
"""

import json
import os
import shutil
import subprocess
import sys

import ctranslate2
import numpy as np
from ctranslate2.specs import model_spec, whisper_spec
from faster_whisper.feature_extractor import FeatureExtractor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Small widths keep the files and the tests small; the structure is the real one.
SHAPES = {
    # large-v3: 128 mel bins, 100 languages.
    "large-v3-like": dict(mels=128, vocabulary="multilingual100", encoder=2, decoder=2, width=32, heads=4,
                          alignment=[[1, 0], [1, 3]]),
    # large-v3-turbo: large-v3's encoder and vocabulary, 4 decoder layers.
    "turbo-like": dict(mels=128, vocabulary="multilingual100", encoder=3, decoder=4, width=32, heads=4, untied=True,
                       alignment=[[2, 1], [3, 0], [3, 2]]),
    # distil-whisper: 2 decoder layers, converted without alignment heads.
    "distil-like": dict(mels=80, vocabulary="multilingual99", encoder=2, decoder=2, width=32, heads=2,
                        alignment=None),
    # tiny.en-like: English only.
    "english-only": dict(mels=80, vocabulary="english", encoder=2, decoder=3, width=24, heads=3,
                         alignment=[[2, 0]]),
}
QUANTISATIONS = ["float32", "float16", "bfloat16", "int8_float32", "int8_float16", "int8_bfloat16"]
STEPS = 24


class BFloat16Variable(model_spec.Variable):
    """A bfloat16 array (round to nearest even), for CTranslate2's writer without torch."""

    def __init__(self, array):
        bits = np.ascontiguousarray(array, dtype=np.float32).view(np.uint32)
        rounded = bits + np.uint32(0x7FFF) + ((bits >> np.uint32(16)) & np.uint32(1))
        self.bits = (rounded >> np.uint32(16)).astype(np.uint16)

    @property
    def shape(self):
        return list(self.bits.shape)

    @property
    def dtype(self):
        return "bfloat16"

    def numpy(self):
        return (self.bits.astype(np.uint32) << np.uint32(16)).view(np.float32)

    def num_bytes(self):
        return self.bits.nbytes

    def to_bytes(self):
        return self.bits.tobytes()

    def _to(self, dtype):
        return model_spec.NumpyVariable(self.numpy()).to(dtype)

    def _equal(self, other):
        return np.array_equal(self.bits, other.bits)


_numpy_to = model_spec.NumpyVariable._to


def _to(self, dtype):
    if dtype == "bfloat16":
        return BFloat16Variable(self.array.astype(np.float32))
    return _numpy_to(self, dtype)


model_spec.NumpyVariable._to = _to  # CTranslate2 needs torch for bfloat16 otherwise.


def vocabulary(kind):
    """Tokens, tokenizer.json path and config lists of a vocabulary kind."""
    source = "whisper-tiny.en" if kind == "english" else "whisper-base"
    folder = os.path.join(ROOT, "models", source)
    with open(os.path.join(folder, "vocabulary.txt"), encoding="utf-8") as f:
        tokens = f.read().split("\n")
    if tokens[-1] == "":
        tokens.pop()
    if kind == "multilingual100":
        tokens.insert(tokens.index("<|translate|>"), "<|yue|>")
    with open(os.path.join(folder, "config.json")) as f:
        config = json.load(f)
    start = tokens.index("<|startoftranscript|>")
    languages = [i for i in range(start + 1, tokens.index("<|translate|>"))]
    return tokens, os.path.join(folder, "tokenizer.json"), config["suppress_ids"], languages


def build_spec(shape, rng, vocabulary_size):
    width, heads, ffn = shape["width"], shape["heads"], 2 * shape["width"]
    spec = whisper_spec.WhisperSpec(shape["encoder"], heads, shape["decoder"], heads)

    def normal(*dims, scale=None):
        fan_in = dims[-1] if len(dims) > 1 else dims[0]
        return (rng.standard_normal(dims) * (scale or fan_in ** -0.5)).astype(np.float32)

    def norm(layer):
        layer.gamma = (1 + 0.1 * rng.standard_normal(width)).astype(np.float32)
        layer.beta = (0.1 * rng.standard_normal(width)).astype(np.float32)

    def linear(layer, outputs, inputs, bias=True):
        layer.weight = normal(outputs, inputs)
        if bias:
            layer.bias = (0.1 * rng.standard_normal(outputs)).astype(np.float32)

    def self_attention(layer):
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * width, width)
        linear(layer.self_attention.linear[1], width, width)

    def feed_forward(layer):
        norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, ffn, width)
        linear(layer.ffn.linear_1, width, ffn)

    encoder = spec.encoder
    encoder.conv1.weight = normal(width, shape["mels"], 3, scale=(3 * shape["mels"]) ** -0.5)
    encoder.conv1.bias = (0.1 * rng.standard_normal(width)).astype(np.float32)
    encoder.conv2.weight = normal(width, width, 3, scale=(3 * width) ** -0.5)
    encoder.conv2.bias = (0.1 * rng.standard_normal(width)).astype(np.float32)
    encoder.position_encodings.encodings = normal(1500, width, scale=0.5)
    norm(encoder.layer_norm)
    for layer in encoder.layer:
        self_attention(layer)
        feed_forward(layer)
    decoder = spec.decoder
    # Whisper ties the output projection to the embeddings (CTranslate2 stores an alias); an
    # untied projection is allowed by the spec and tested too. Strong positions and small token
    # embeddings keep a random decoder from repeating its last token forever.
    embeddings = normal(vocabulary_size, width, scale=shape.get("embedding", 0.3))
    decoder.embeddings.weight = embeddings
    decoder.projection.weight = normal(vocabulary_size, width, scale=1.0) if shape.get("untied") else embeddings
    decoder.position_encodings.encodings = normal(448, width, scale=1.0)
    norm(decoder.layer_norm)
    for layer in decoder.layer:
        self_attention(layer)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], width, width)
        linear(layer.attention.linear[1], 2 * width, width)
        linear(layer.attention.linear[2], width, width)
        feed_forward(layer)
    return spec


def greedy(model, features, prompt, end_of_text, vocabulary_size):
    """CTranslate2's greedy tokens, and the smallest gap between the two best logits of a step."""
    suppressed = [i for i in range(end_of_text + 1, vocabulary_size)]
    result = model.generate(
        ctranslate2.StorageView.from_array(features), [prompt], beam_size=1, max_length=STEPS,
        suppress_blank=False, suppress_tokens=suppressed, return_logits_vocab=True)[0]
    tokens = result.sequences_ids[0]
    margins = []  # one per generated token
    for step in result.logits[0]:
        values = np.array(step)[: end_of_text + 1]
        top = np.sort(values)[-2:]
        margins.append(float(top[1] - top[0]))
    return tokens, margins


def save(folder, shape, seed, tokens, tokenizer_path, suppress_ids, languages, end_of_text, quantisation):
    spec = build_spec(shape, np.random.default_rng(seed), len(tokens))
    spec.register_vocabulary(tokens)
    spec.config.suppress_ids = suppress_ids
    spec.config.suppress_ids_begin = [tokens.index("\u0120"), end_of_text]
    spec.config.lang_ids = languages if shape["vocabulary"] != "english" else []
    spec.config.alignment_heads = shape["alignment"]
    spec.validate()
    spec.optimize(quantization=quantisation)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    spec.save(folder)
    shutil.copy(tokenizer_path, os.path.join(folder, "tokenizer.json"))


def run(folder, compute, features, prompt, end_of_text, vocabulary_size):
    model = ctranslate2.models.Whisper(folder, device="cpu", compute_type=compute, inter_threads=1, intra_threads=2)
    return greedy(model, features, prompt, end_of_text, vocabulary_size)


def best_seed(shape_name, shape, tokens, features, prompt, end_of_text, tries=12):
    """The seed whose smallest logit gap (int8 and float32 computation) is largest: with clear-cut
    choices, two correct implementations agree on every token despite rounding."""
    best = (-1.0, 0)
    scratch = os.path.join("/tmp", f"verbatim-seed-{os.getpid()}")
    for seed in range(tries):
        gaps = []
        for quantisation, compute in (("float32", "float32"), ("int8_float32", "int8")):
            save(scratch, shape, seed, tokens, "/dev/null", [], [], end_of_text, quantisation)
            gaps += run(scratch, compute, features, prompt, end_of_text, len(tokens))[1]
        best = max(best, (min(gaps), seed))
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"{shape_name}: seed {best[1]}, smallest gap {best[0]:.3f}", file=sys.stderr)
    return best[1]


def main():
    output, audio = sys.argv[1], sys.argv[2]
    os.makedirs(output, exist_ok=True)
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", audio, "-f", "f32le", "-ac", "1", "-ar", "16000", "-"],
        check=True, capture_output=True).stdout
    samples = np.frombuffer(pcm, dtype=np.float32)[: 16000 * 30]
    expected = {"audio": os.path.relpath(audio, ROOT), "steps": STEPS, "checkpoints": []}
    for shape_name, shape in SHAPES.items():
        tokens, tokenizer_path, suppress_ids, languages = vocabulary(shape["vocabulary"])
        mel = FeatureExtractor(feature_size=shape["mels"])(samples, padding=160)[:, :3000]
        features = np.zeros((1, shape["mels"], 3000), dtype=np.float32)
        features[0, :, : mel.shape[1]] = mel
        end_of_text = tokens.index("<|endoftext|>")
        prompt = [tokens.index("<|startoftranscript|>")]
        if shape["vocabulary"] != "english":
            prompt += [tokens.index("<|fr|>"), tokens.index("<|transcribe|>")]
        prompt.append(tokens.index("<|notimestamps|>"))
        seed = best_seed(shape_name, shape, tokens, features, prompt, end_of_text)
        for quantisation in QUANTISATIONS:
            folder = os.path.join(output, f"{shape_name}-{quantisation}")
            save(folder, shape, seed, tokens, tokenizer_path, suppress_ids, languages, end_of_text, quantisation)
            entry = {"folder": f"{shape_name}-{quantisation}", "shape": shape_name, "quantisation": quantisation,
                     "seed": seed, "melBins": shape["mels"], "encoderLayers": shape["encoder"],
                     "decoderLayers": shape["decoder"], "width": shape["width"], "heads": shape["heads"],
                     "vocabularySize": len(tokens),
                     "languages": len(languages) if shape["vocabulary"] != "english" else 0,
                     "alignmentHeads": shape["alignment"] or [], "prompt": prompt, "results": {}}
            computes = ["float32"] + (["int8"] if quantisation.startswith("int8") else [])
            for compute in computes:
                generated, margins = run(folder, compute, features, prompt, end_of_text, len(tokens))
                entry["results"][compute] = {"tokens": generated, "margins": margins}
            expected["checkpoints"].append(entry)
            print(f"{entry['folder']}: {len(entry['results']['float32']['tokens'])} tokens, smallest gap "
                  + ", ".join(f"{c} {min(r['margins']):.3f}" for c, r in entry["results"].items()), file=sys.stderr)
        # int16 (one scale per matrix) is a CTranslate2 quantisation the engine refuses by name.
        if shape_name == "english-only":
            save(os.path.join(output, "english-only-int16"), shape, seed, tokens, tokenizer_path, suppress_ids,
                 languages, end_of_text, "int16")
        mel_file = os.path.join(output, f"mel-{shape['mels']}.f32")
        np.ascontiguousarray(features[0], dtype="<f4").tofile(mel_file)  # [bins, 3000], bin-major
    with open(os.path.join(output, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main()
