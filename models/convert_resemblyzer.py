#!/usr/bin/env python3
"""Convert Resemblyzer's `pretrained.pt` (a legacy, non-zip PyTorch pickle) to safetensors.

Standard library only: no torch is needed. The legacy format is a sequence of pickles
(magic number, protocol version, system info, the object graph whose tensors point at
storages through persistent ids, the list of storage keys) followed, per storage key, by an
8-byte little-endian element count and the raw little-endian storage bytes.

Usage: convert_resemblyzer.py pretrained.pt out.safetensors
"""
import io
import json
import pickle
import struct
import sys

MAGIC = 0x1950A86A20F9469CFC6C

DTYPES = {  # torch storage class name -> (safetensors dtype, bytes per element)
    "FloatStorage": ("F32", 4),
    "DoubleStorage": ("F64", 8),
    "HalfStorage": ("F16", 2),
    "LongStorage": ("I64", 8),
    "IntStorage": ("I32", 4),
}


class StorageRef:
    def __init__(self, kind, key, numel):
        self.kind, self.key, self.numel = kind, key, numel


class TensorRef:
    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, tuple(size), tuple(stride)


def rebuild_tensor(storage, offset, size, stride, *rest):
    return TensorRef(storage, offset, size, stride)


class Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module == "torch._utils" and name in ("_rebuild_tensor_v2", "_rebuild_tensor"):
            return rebuild_tensor
        if module == "torch" and name in DTYPES:
            return name
        if module == "collections" and name == "OrderedDict":
            import collections
            return collections.OrderedDict
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")

    def persistent_load(self, pid):
        # ('storage', storage_type, key, location, numel, view_metadata)
        _, kind, key, _location, numel = pid[:5]
        return StorageRef(kind, key, numel)


def main(src, dst):
    with open(src, "rb") as f:
        data = f.read()
    stream = io.BytesIO(data)
    if pickle.load(stream) != MAGIC:
        sys.exit(f"{src}: not a legacy PyTorch file (bad magic number)")
    pickle.load(stream)  # protocol version
    pickle.load(stream)  # system info
    root = Unpickler(stream).load()
    keys = pickle.load(stream)
    storages = {}
    for key in keys:
        (count,) = struct.unpack("<q", stream.read(8))
        storages[key] = (count, stream.tell())
        # the element size, needed to skip the bytes, comes from a tensor using this storage
        size = None
        for t in iter_tensors(root):
            if t.storage.key == key:
                size = DTYPES[t.storage.kind][1]
                break
        if size is None:
            sys.exit(f"{src}: storage {key} is not used by any tensor")
        stream.seek(count * size, io.SEEK_CUR)
    state = root.get("model_state", root)
    header, blobs, offset = {}, [], 0
    for name, t in state.items():
        if not isinstance(t, TensorRef):
            continue
        dtype, esize = DTYPES[t.storage.kind]
        _count, start = storages[t.storage.key]
        numel = 1
        for d in t.size:
            numel *= d
        expected = []
        acc = 1
        for d in reversed(t.size):
            expected.insert(0, acc)
            acc *= d
        if list(t.stride) != expected:
            sys.exit(f"{src}: tensor {name} is not contiguous")
        begin = start + t.offset * esize
        blob = data[begin:begin + numel * esize]
        header[name] = {"dtype": dtype, "shape": list(t.size), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * ((8 - len(head) % 8) % 8)
    with open(dst, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


def iter_tensors(obj):
    if isinstance(obj, TensorRef):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from iter_tensors(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from iter_tensors(v)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
