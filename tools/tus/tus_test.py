"""tus 1.0.0 conformance of a real `verbatim serve`, from another client than Verbatim's page.

Starts the server on a free loopback port with a fresh data directory (tools/common/verbatim_server.py)
and checks, with tus-py-client (tuspy) and with raw `requests` and sockets for what a client library
does not do on purpose: OPTIONS; creation; an upload in parts; a connection cut in the middle of a
PATCH (a raw socket sends half its body and closes), then HEAD shows the bytes received and the
upload resumes; a checksum mismatch (460, offset unchanged); a wrong offset (409); a request
without Tus-Resumable (412); termination (204, then HEAD 404); the stored recording's SHA-256 is the
source file's; another user's requests find nothing (404) and a coder may not create (403).

Usage: tools/tus/run; VERBATIM=path/to/verbatim picks the binary. Exits non-zero on the first failure.
"""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import sys
import time
from pathlib import Path

import requests
from tusclient import client as tus_client
from tusclient.uploader import Uploader

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools/common"))
from verbatim_server import VerbatimServer  # noqa: E402

SAMPLE = ROOT / "samples/speech/video_nasa_13013.mp4"
SECOND = ROOT / "samples/speech/en_jfk_inaugural.flac"
TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = "application/offset+octet-stream"


class Failure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)
    print(f"  ok  {message}", flush=True)


class Sha256Uploader(Uploader):
    """tuspy's uploader with SHA-256 checksums (tuspy defaults to SHA-1, which the server refuses)."""

    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)


def metadata(**values: str) -> str:
    return ",".join(f"{key} {base64.b64encode(str(value).encode()).decode()}" for key, value in values.items())


class Session:
    def __init__(self, base: str, token: str):
        self.base = base
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str, path: str, tus: bool = True, **kwargs) -> requests.Response:
        headers = dict(TUS if tus else {}, **kwargs.pop("headers", {}))
        return self.http.request(method, self.base + path, headers=headers, timeout=60, **kwargs)

    def create(self, length: int, study: int, **extra: str) -> str:
        reply = self.request("POST", "/uploads", headers={"Upload-Length": str(length), "Upload-Metadata": metadata(studyId=str(study), **extra)})
        if reply.status_code != 201:
            raise Failure(f"creation refused: {reply.status_code} {reply.text}")
        return reply.headers["Location"]

    def offset(self, path: str) -> int:
        """The offset once no PATCH holds the upload (a cut connection takes the server a moment to notice)."""
        for _ in range(200):
            probe = self.request("PATCH", path, headers={"Upload-Offset": str(1 << 40), "Content-Type": OCTETS}, data=b"")
            if probe.status_code != 423:
                break
            time.sleep(0.05)
        return int(self.request("HEAD", path).headers["Upload-Offset"])

    def patch(self, path: str, offset: int, data: bytes, **headers: str) -> requests.Response:
        return self.request("PATCH", path, headers={"Upload-Offset": str(offset), "Content-Type": OCTETS, **headers}, data=data)


def cut_patch(base: str, token: str, path: str, offset: int, body: bytes, sent: int) -> None:
    """A PATCH announcing `body` whose connection closes after `sent` bytes of it."""
    host, port = base.removeprefix("http://").split(":")
    head = (f"PATCH {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\nTus-Resumable: 1.0.0\r\n"
            f"Upload-Offset: {offset}\r\nContent-Type: {OCTETS}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection((host, int(port))) as connection:
        connection.sendall(head + body[:sent])
        time.sleep(0.5)


def run(server: VerbatimServer) -> None:
    admin = Session(server.base, server.token)
    study = admin.request("POST", "/studies", tus=False, json={"name": "tus conformance"}).json()["id"]
    source = SAMPLE.read_bytes()
    digest = hashlib.sha256(source).hexdigest()

    print("discovery and refusals")
    options = requests.options(server.base + "/uploads", timeout=30)
    check(options.status_code == 204 and options.headers.get("Tus-Version") == "1.0.0", "OPTIONS answers 204 with Tus-Version 1.0.0")
    check(set(options.headers.get("Tus-Extension", "").split(",")) >= {"creation", "termination", "checksum", "expiration"},
          f"OPTIONS lists the extensions ({options.headers.get('Tus-Extension')})")
    check(options.headers.get("Tus-Checksum-Algorithm") == "sha256" and int(options.headers.get("Tus-Max-Size", "0")) > 0,
          "OPTIONS names sha256 and the largest upload")
    bare = admin.request("POST", "/uploads", tus=False, headers={"Upload-Length": "10", "Upload-Metadata": metadata(studyId=str(study))})
    check(bare.status_code == 412 and bare.headers.get("Tus-Version") == "1.0.0", f"a request without Tus-Resumable gets 412 ({bare.status_code})")

    print("tuspy: an upload in parts, with SHA-256 checksums")
    client = tus_client.TusClient(server.base + "/uploads", headers={"Authorization": f"Bearer {server.token}"})
    uploader = Sha256Uploader(str(SAMPLE), client=client, chunk_size=len(source) // 4 + 1, upload_checksum=True,
                              metadata={"studyId": str(study), "filename": SAMPLE.name, "title": "tuspy", "sha256": digest})
    uploader.upload(stop_at=len(source) // 2)
    check(0 < uploader.offset < len(source), f"tuspy stopped half-way at {uploader.offset} of {len(source)} bytes")
    check(admin.offset(uploader.url.removeprefix(server.base)) == uploader.offset, "HEAD tells tuspy's offset")
    uploader.upload()
    recording = int(uploader.request.response_headers["verbatim-recording"])
    stored = admin.request("GET", f"/recordings/{recording}", tus=False).json()
    check(stored["fileHash"] == digest and stored["title"] == "tuspy", f"the recording {recording} has the source's SHA-256")
    check(admin.request("HEAD", uploader.url.removeprefix(server.base)).status_code == 404, "the finished upload is gone")

    print("raw requests: cut connection, checksum, offsets, termination")
    second = SECOND.read_bytes()
    path = admin.create(len(second), study, filename=SECOND.name, sha256=hashlib.sha256(second).hexdigest())
    head = admin.request("HEAD", path)
    check(head.status_code == 200 and head.headers["Upload-Offset"] == "0" and head.headers["Upload-Length"] == str(len(second))
          and head.headers.get("Cache-Control") == "no-store" and "Upload-Expires" in head.headers, "HEAD of a new upload: offset 0, its length, no-store")
    half = len(second) // 2
    cut_patch(server.base, server.token, path, 0, second, half)
    kept = admin.offset(path)
    check(kept == half, f"after a PATCH cut after {half} bytes, HEAD shows {kept}")
    wrong = admin.patch(path, kept + 1, second[kept + 1:kept + 100])
    check(wrong.status_code == 409, f"a PATCH at the wrong offset gets 409 ({wrong.status_code})")
    part = second[kept:kept + 100_000]
    bad = admin.patch(path, kept, part, **{"Upload-Checksum": "sha256 " + base64.b64encode(hashlib.sha256(b"other").digest()).decode()})
    check(bad.status_code == 460 and admin.offset(path) == kept, f"a checksum mismatch gets 460 and the offset stays {kept} ({bad.status_code})")
    sha1 = admin.patch(path, kept, part, **{"Upload-Checksum": "sha1 " + base64.b64encode(hashlib.sha1(part).digest()).decode()})
    check(sha1.status_code == 400 and admin.offset(path) == kept, f"an unsupported checksum algorithm gets 400 ({sha1.status_code})")
    wrong_type = admin.request("PATCH", path, headers={"Upload-Offset": str(kept), "Content-Type": "application/octet-stream"}, data=part)
    check(wrong_type.status_code == 415, f"a PATCH without application/offset+octet-stream gets 415 ({wrong_type.status_code})")
    good = admin.patch(path, kept, part, **{"Upload-Checksum": "sha256 " + base64.b64encode(hashlib.sha256(part).digest()).decode()})
    check(good.status_code == 204 and good.headers["Upload-Offset"] == str(kept + len(part)), "a PATCH with its checksum gets 204 and the new offset")

    print("another user")
    stranger = Session(server.base, server.create_user("Stranger"))
    check(stranger.request("HEAD", path).status_code == 404, "another user's HEAD finds nothing")
    check(stranger.patch(path, kept + len(part), second[kept + len(part):]).status_code == 404, "another user's PATCH finds nothing")
    check(stranger.request("DELETE", path).status_code == 404, "another user's DELETE finds nothing")
    refused = stranger.request("POST", "/uploads", headers={"Upload-Length": "10", "Upload-Metadata": metadata(studyId=str(study))})
    check(refused.status_code == 403, f"a user who is not a study manager may not create an upload ({refused.status_code})")

    rest = admin.patch(path, kept + len(part), second[kept + len(part):])
    check(rest.status_code == 204 and "Verbatim-Recording" in rest.headers, "resuming completes the upload")
    flac = admin.request("GET", f"/recordings/{rest.headers['Verbatim-Recording']}", tus=False).json()
    check(flac["fileHash"] == hashlib.sha256(second).hexdigest(), "the resumed recording's SHA-256 is the source's")

    third = admin.create(1000, study)
    check(admin.patch(third, 0, b"x" * 100).status_code == 204, "a third upload gets some bytes")
    check(admin.request("DELETE", third).status_code == 204, "termination answers 204")
    check(admin.request("HEAD", third).status_code == 404, "after termination HEAD gets 404")


def main() -> int:
    verbatim = Path(os.environ.get("VERBATIM", ROOT / ".build/release/verbatim"))
    if not verbatim.exists():
        sys.exit(f"{verbatim} is missing; build it first (scripts/setup)")
    server = VerbatimServer(verbatim, ROOT, "verbatim-tus-", admin_name="tus")
    try:
        server.start(workers=0)
        print(f"tools/tus: {server.base}", flush=True)
        run(server)
        print("tools/tus: passed")
        return 0
    except Failure as failure:
        print(f"tools/tus: FAILED: {failure}", file=sys.stderr)
        print("server log (last lines):\n" + "".join(server.log[-20:]), file=sys.stderr)
        return 1
    finally:
        server.stop()
        server.remove()


if __name__ == "__main__":
    sys.exit(main())
