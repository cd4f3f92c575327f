"""Checks a real `verbatim serve` against its own OpenAPI document with schemathesis.

Starts the server on a free loopback port with a temporary data directory and an admin token,
seeds a study (members, participants, a recording transcribed by a worker, a code, a coding, a
memo, a wearable stream lined up with the recording) so that the path identifiers schemathesis uses exist, and runs `st run`
with the checks for server errors, status codes, content types and response schemas. Exits with
its status: zero only when every check passed on every generated request.

Usage: tools/schemathesis/run [extra `st run` options]; VERBATIM=path/to/verbatim picks the binary,
VERBATIM_OPENAPI=path/to/openapi.json checks a draft of the document instead of the one the server
serves, VERBATIM_SCHEMATHESIS_EXAMPLES (25) bounds the examples per operation.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools/common"))
from verbatim_server import VerbatimServer  # noqa: E402

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
MAX_EXAMPLES = os.environ.get("VERBATIM_SCHEMATHESIS_EXAMPLES", "25")


class Server(VerbatimServer):
    """`verbatim serve` on a free loopback port, with its own data directory and an admin token
    (tools/common/verbatim_server.py), a second user, and the API calls that seed the study."""

    def __init__(self, verbatim: Path):
        super().__init__(verbatim, ROOT, "verbatim-schemathesis-", admin_name="Schemathesis")
        self.spare_token = self.create_user("Spare member")

    def call(self, method: str, path: str, body: dict | None = None, data: bytes | None = None, token: str | None = None):
        request = urllib.request.Request(self.base + path, method=method, headers={"Authorization": f"Bearer {token or self.token}"})
        if body is not None:
            request.data = json.dumps(body).encode()
            request.add_header("Content-Type", "application/json")
        elif data is not None:
            request.data = data
            request.add_header("Content-Type", "application/octet-stream")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            sys.exit(f"seeding failed: {method} {path}: {error.code} {error.read().decode()}")


def finished(server: Server, job: int, what: str) -> dict:
    """Waits for a job to end; stops the run unless it succeeded."""
    deadline = time.monotonic() + 300
    while (state := server.call("GET", f"/jobs/{job}"))["state"] in ("queued", "running"):
        if time.monotonic() > deadline:
            sys.exit(f"seeding failed: {what} did not finish within 5 minutes")
        time.sleep(0.5)
    if state["state"] != "succeeded":
        sys.exit(f"seeding failed: {what} ended {state['state']}: {state.get('error')} (did models/fetch run?)")
    return state


def seed(server: Server) -> dict[str, int | str]:
    """One of each object the API serves; returns the path parameters that name them."""
    study = server.call("POST", "/studies", {"name": "Schemathesis study"})["id"]
    spare = server.call("GET", "/me", token=server.spare_token)["user"]["id"]
    server.call("PUT", f"/studies/{study}/members/{spare}", {"role": "coder"})
    participant = server.call("POST", f"/studies/{study}/participants", {"pseudonym": "P-001"})["id"]
    erasable = server.call("POST", f"/studies/{study}/participants", {"pseudonym": "P-099"})["id"]
    server.call("PUT", f"/participants/{participant}/attributes/site", {"value": "Lyon"})
    server.call("PUT", f"/participants/{participant}/identity", {"fullName": "Seed Identity", "otherNames": ["Seed Relative"]})
    media = (ROOT / "samples/speech/fr_commonvoice_picovoice_test_fr.wav").read_bytes()
    recording = server.call("POST", f"/studies/{study}/recordings?title=Entretien", data=media)["id"]
    server.call("PUT", f"/recordings/{recording}/participants/{participant}", {"role": "interviewee"})
    code = server.call("POST", f"/studies/{study}/codes", {"name": "greeting", "color": "#336699"})["id"]
    server.call("POST", f"/studies/{study}/memos", {"title": "First memo", "text": "Seen by schemathesis."})
    job = server.call("POST", f"/recordings/{recording}/jobs", {"language": "fr"})["id"]
    finished(server, job, "the transcription job")
    transcript = server.call("GET", f"/recordings/{recording}/transcript")["transcript"]["id"]
    speaker = server.call("GET", f"/recordings/{recording}/speakers")[0]["id"]
    coding = server.call("POST", f"/transcripts/{transcript}/codings", {"codeID": code, "charStart": 0, "charEnd": 5})["id"]
    # A second coder's coding (for the agreement report) and a clock that puts the recording
    # inside the wearable's stream (for the biometric tables and series).
    server.call("POST", f"/transcripts/{transcript}/codings", {"codeID": code, "charStart": 0, "charEnd": 9}, token=server.spare_token)
    watch = (ROOT / "samples/biometrics/fit/garmin-fenix-5-run.fit").read_bytes()
    # The import is a job too: the worker stores the streams.
    finished(server, server.call("POST", f"/participants/{participant}/biometrics?filename=run.fit", data=watch)["id"], "the wearable import")
    streams = server.call("GET", f"/participants/{participant}/biometrics")
    server.call("PUT", f"/recordings/{recording}/clock", {"wallClockStart": streams[0]["startTime"]})
    # A token of the admin's that schemathesis may revoke (DELETE /me/tokens/{tokenID}) without
    # revoking the one it runs with.
    spare_token = server.call("POST", "/me/tokens", {"label": "schemathesis may revoke this one"})["info"]["id"]
    me = server.call("GET", "/me")["user"]["id"]
    # A resumable upload far larger than what schemathesis sends, for HEAD, PATCH and DELETE /uploads/{uploadID}.
    upload = urllib.request.Request(server.base + "/uploads", method="POST", headers={
        "Authorization": f"Bearer {server.token}", "Tus-Resumable": "1.0.0", "Upload-Length": str(1 << 30),
        "Upload-Metadata": "studyId " + base64.b64encode(str(study).encode()).decode()})
    with urllib.request.urlopen(upload, timeout=60) as response:
        upload_id = response.headers["Location"].rsplit("/", 1)[-1]
    return {
        "uploadID": upload_id,
        "me": me,
        "tokenID": spare_token,
        "studyID": study, "userID": spare, "participantID": participant, "recordingID": recording, "codeID": code,
        "jobID": job, "transcriptID": transcript, "speakerID": speaker, "codingID": coding, "erasableParticipantID": erasable,
    }


def config(server: Server, ids: dict[str, int | str]) -> str:
    """The schemathesis.toml: the admin's token on every request, the seeded identifiers in every path."""
    lines = [f'headers = {{ Authorization = "Bearer {server.token}" }}', "", "[parameters]"]
    for name in ("studyID", "userID", "participantID", "recordingID", "codeID", "jobID", "transcriptID", "speakerID", "codingID", "tokenID"):
        lines.append(f'"path.{name}" = {ids[name]}')
    lines.append(f'"path.uploadID" = "{ids["uploadID"]}"')
    # Erasure removes the participant for good: let it remove the spare one.
    lines += ["", "[[operations]]", 'include-path = "/participants/{participantID}"', 'include-method = "DELETE"', "[operations.parameters]",
              f'"path.participantID" = {ids["erasableParticipantID"]}']
    # One marks only one's own coding done: the admin's own id.
    lines += ["", "[[operations]]", 'include-path = "/transcripts/{transcriptID}/completions/{userID}"', 'include-method = "PUT"',
              "[operations.parameters]", f'"path.userID" = {ids["me"]}']
    return "\n".join(lines) + "\n"


def main() -> int:
    verbatim = Path(os.environ.get("VERBATIM", ROOT / ".build/release/verbatim"))
    if not verbatim.exists():
        sys.exit(f"{verbatim} is missing; build it first (scripts/setup)")
    # A master key (in the environment, never in the data folder), so that the identity vault
    # and media encrypted at rest are checked too.
    os.environ.setdefault("VERBATIM_MASTER_KEY", base64.b64encode(os.urandom(32)).decode())
    server = Server(verbatim)
    try:
        # One worker transcribes the seeded recording; schemathesis then runs against a server
        # without workers, so the jobs it queues stay queued instead of loading the cores.
        server.start(workers=1)
        ids = seed(server)
        server.stop()
        server.start(workers=0)
        settings = server.data / "schemathesis.toml"
        settings.write_text(config(server, ids))
        st = Path(sys.executable).parent / "st"
        command = [str(st), "--config-file", str(settings), "run", os.environ.get("VERBATIM_OPENAPI", f"{server.base}/openapi.json"), "--url", server.base,
                   "--checks", CHECKS, "--max-examples", MAX_EXAMPLES, "--seed", "14", "--request-timeout", "30",
                   "--phases", "examples,coverage,fuzzing", *sys.argv[1:]]
        print("tools/schemathesis:", " ".join(command[3:]), flush=True)
        hooks = dict(os.environ, SCHEMATHESIS_HOOKS=str(ROOT / "tools/schemathesis/hooks.py"))
        return subprocess.run(command, cwd=server.data, env=hooks).returncode
    finally:
        server.stop()
        server.remove()


if __name__ == "__main__":
    sys.exit(main())
