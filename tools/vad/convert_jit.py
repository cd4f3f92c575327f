#!/usr/bin/env python3
"""Extract the 16 kHz weights of silero-vad 6.2.3's `silero_vad.jit` into a safetensors file.

Standard library only. Why: the `silero_vad_16k.safetensors` shipped in the same wheel holds a
different set of weights from the package's ONNX and TorchScript models (same architecture,
max |difference| 4.0 in conv1.weight; frame probabilities differ by up to 0.37, correlation 0.997).
The TorchScript archive is a zip whose `data/N` entries are the raw little-endian float32 storages;
in 6.2.3, entries 2..16 are the 16 kHz model in the order below (17..31 are the 8 kHz model).
`vad_oracle.py` checks that a forward pass over the extracted weights equals the ONNX model
(max |difference| about 1e-6).

Usage: convert_jit.py silero_vad.jit out.safetensors
"""
import json
import struct
import sys
import zipfile

PREFIX = "VADr_v6_10_25_noths_re/data/"
LAYOUT = [  # (name, shape, storage index) for the 16 kHz model
    ("stft_conv.weight", [258, 1, 256], 2),
    ("conv1.weight", [128, 129, 3], 3), ("conv1.bias", [128], 4),
    ("conv2.weight", [64, 128, 3], 5), ("conv2.bias", [64], 6),
    ("conv3.weight", [64, 64, 3], 7), ("conv3.bias", [64], 8),
    ("conv4.weight", [128, 64, 3], 9), ("conv4.bias", [128], 10),
    ("lstm_cell.weight_ih", [512, 128], 11), ("lstm_cell.weight_hh", [512, 128], 12),
    ("lstm_cell.bias_ih", [512], 13), ("lstm_cell.bias_hh", [512], 14),
    ("final_conv.weight", [1, 128, 1], 15), ("final_conv.bias", [1], 16),
]


def main(src, dst):
    archive = zipfile.ZipFile(src)
    header, blobs, offset = {}, [], 0
    for name, shape, index in LAYOUT:
        blob = archive.read(PREFIX + str(index))
        count = 1
        for d in shape:
            count *= d
        if len(blob) != 4 * count:
            sys.exit(f"{src}: storage {index} has {len(blob)} bytes, expected {4 * count} for {name}")
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    header["__metadata__"] = {"source": "silero-vad 6.2.3 silero_vad.jit (16 kHz branch)"}
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * ((8 - len(head) % 8) % 8)
    with open(dst, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for blob in blobs:
            f.write(blob)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
