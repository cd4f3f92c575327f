"""Imports Verbatim's .qdpx exports into fresh QualCoder projects and compares (see tools/qualcoder/run).

usage: import_qdpx.py QUALCODER_SRC FOLDER

FOLDER holds study-<placement>.qdpx files and expected.json (QDPXInteropTests). For each export:
an empty project is created with the CREATE TABLE statements of QualCoder's own
MainWindow.new_project (read from its source, so the schema is QualCoder's at the pinned commit)
and App.update_coder_names; QualCoder's RefiImport.import_project runs on the archive with its
file dialog answered and its message boxes closed; then sources, codes, codings (coder, code and
the text of each selection), cases, memos and media links are compared with expected.json.
Prints a Markdown table; exits 1 when the textsource export loses something QualCoder can hold.
"""
import ast
import builtins
import json
import os
import re
import sqlite3
import sys
import tempfile
import traceback
import types
from pathlib import Path

# QualCoder's regular expression for [hh:mm:ss] in transcripts (view_av.py / code_av.py).
HHMMSS = re.compile(r"\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\]")


def prepare_qualcoder(source: Path):
    """Imports QualCoder's App and RefiImport with a private HOME and Qt offscreen."""
    home = tempfile.mkdtemp(prefix="qualcoder-home-")
    os.environ["HOME"] = home
    (Path(home) / ".qualcoder").mkdir()  # QualCoder's __main__ makes its configuration folder
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(source))
    builtins._ = lambda text: text  # QualCoder's __main__ installs gettext's _
    # The AI module pulls langchain and torch; the import only needs its default model list.
    ai = types.ModuleType("qualcoder.ai_llm")
    ai.get_default_ai_models = lambda: []
    ai.update_ai_models = lambda models, index, settings: (models, index, None)
    sys.modules["qualcoder.ai_llm"] = ai
    from PyQt6 import QtWidgets

    application = QtWidgets.QApplication([])
    from qualcoder import refi
    from qualcoder.app import App

    class Closed:
        """QualCoder's Message box, closed at once (it would wait for a click)."""

        def __init__(self, *args, **kwargs):
            pass

        def exec(self):
            return 0

    refi.Message = Closed
    return application, App, refi


def new_project_statements(source: Path):
    """The SQL that QualCoder's MainWindow.new_project executes, in order."""
    tree = ast.parse((source / "qualcoder" / "__main__.py").read_text(encoding="utf-8"))
    function = next(node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name == "new_project")
    statements = []
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "execute":
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                if node.args[0].value.startswith("CREATE TABLE"):
                    statements.append((node.lineno, node.args[0].value))
    return [sql for _, sql in sorted(statements)]


def import_archive(App, refi, source: Path, archive: Path, workspace: Path):
    """A new QualCoder project with `archive` imported; returns (project folder, messages, error)."""
    app = App()
    project = workspace / (archive.stem + ".qda")
    for folder in ("", "images", "audio", "video", "documents"):
        (project / folder).mkdir(parents=True, exist_ok=True)
    app.create_connection(str(project))
    cursor = app.conn.cursor()
    for sql in new_project_statements(source):
        cursor.execute(sql)
    app.update_coder_names()
    cursor.execute(
        "INSERT INTO project VALUES(?,?,?,?,?,?,?,?,null,null,null)",
        ("v17", "2026-01-01 00:00:00", "", app.version, 0, 0, app.settings["codername"], ""),
    )
    app.conn.commit()

    class Log:
        def __init__(self):
            self.lines = []

        def append(self, text):
            self.lines.append(str(text))

    log = Log()
    refi.QtWidgets.QFileDialog.getOpenFileName = staticmethod(lambda *args, **kwargs: (str(archive), "qdpx"))
    error = None
    try:
        refi.RefiImport(app, log, "qdpx")
    except Exception as exception:  # what a user meets: the import stops
        error = f"{type(exception).__name__}: {exception}"
        traceback.print_exc(file=sys.stderr)
    app.conn.commit()
    return project, log.lines, error


def measure(project: Path, expected: dict, error):
    """What QualCoder kept, against what was exported."""
    db = sqlite3.connect(project / "data.qda")
    rows = lambda sql, *args: db.execute(sql, args).fetchall()
    sources = {name: (fid, fulltext, mediapath) for fid, name, fulltext, mediapath in rows("select id, name, fulltext, mediapath from source")}
    texts = {fid: fulltext or "" for fid, fulltext, _ in sources.values()}
    result = {"import": "completed" if error is None else f"stopped ({error.split(':')[0]})"}

    # Media: each recording present, its file copied into the project with an extension.
    media_ok, sync_ok = 0, 0
    for source in expected["sources"]:
        entry = sources.get(source["name"])
        if entry and entry[2]:
            file = project / entry[2].lstrip("/")
            if file.exists() and file.suffix and file.stat().st_size > 0:
                media_ok += 1
        transcript = sources.get(source["name"] + ".txt")
        if transcript:
            stamps = HHMMSS.findall(transcript[1] or "")
            seconds = [int(s[1:3]) * 3600 + int(s[4:6]) * 60 + int(s[7:9]) for s in stamps]
            if seconds and seconds == [turn["seconds"] for turn in source["turns"]]:
                sync_ok += 1
    total = len(expected["sources"])
    result["media files with extension"] = f"{media_ok}/{total}"
    result["transcripts with [hh:mm:ss] at each turn"] = f"{sync_ok}/{total}"

    codes = {name for (name,) in rows("select name from code_name")}
    result["codes"] = f"{sum(name in codes for name in expected['codes'])}/{len(expected['codes'])}"

    # Codings: the coder's code on the exact text, or one character to the right.
    kept = rows(
        "select code_text.owner, code_name.name, code_text.fid, code_text.pos0, code_text.pos1, code_text.seltext "
        "from code_text join code_name on code_name.cid = code_text.cid"
    )
    def count(offset, same_coder):
        """Expected codings found with the code on the text at `offset` characters from the selection."""
        pool, found = list(kept), 0
        for coding in expected["codings"]:
            match = next(
                (row for row in pool if (row[0] == coding["coder"] or not same_coder) and row[1] == coding["code"]
                 and texts.get(row[2], "")[row[3] - offset:row[4] - offset] == coding["text"]),
                None,
            )
            if match:
                found += 1
                pool.remove(match)
        return found

    exact, shifted = count(0, True), count(1, True)
    n = len(expected["codings"])
    # QualCoder's A/V view finds a recording's transcript by name, "<media source>.txt".
    names = {fid: name for name, (fid, _, _) in sources.items()}
    media_names = {s["name"] + ".txt" for s in expected["sources"]}
    on_media = sum(names.get(row[2]) in media_names for row in kept)
    result["codings, exact text and coder"] = f"{exact}/{n}"
    result["codings one character to the right"] = f"{shifted}/{n}"
    result["codings, exact text, any owner"] = f"{count(0, False)}/{n}"
    result["codings one character to the right, any owner"] = f"{count(1, False)}/{n}"
    result["codings on the media's transcript (A/V view)"] = f"{on_media}/{n}"
    coders = {c["coder"] for c in expected["codings"]}
    result["coders with all their codings"] = "{}/{}".format(
        sum(
            all(any(r[0] == coder and r[1] == c["code"] for r in kept) for c in expected["codings"] if c["coder"] == coder)
            for coder in coders
        ),
        len(coders),
    )

    cases = {name: caseid for caseid, name in rows("select caseid, name from cases")}
    result["cases"] = f"{sum(c['name'] in cases for c in expected['cases'])}/{len(expected['cases'])}"
    linked = 0
    for case in expected["cases"]:
        if case["name"] in cases and case["sources"]:
            fids = {fid for (fid,) in rows("select fid from case_text where caseid = ?", cases[case["name"]])}
            names = {name for name, (fid, _, _) in sources.items() if fid in fids}
            if all(s in names or s + ".txt" in names for s in case["sources"]):
                linked += 1
    result["cases linked to their interviews"] = f"{linked}/{sum(bool(c['sources']) for c in expected['cases'])}"

    # Memos: as journal entries, coding memos, code memos or annotations.
    journals = {(name, entry) for name, entry in rows("select name, jentry from journal")}
    memo_texts = [m or "" for (m,) in rows("select memo from code_text")] + [m or "" for (m,) in rows("select memo from code_name")]
    memo_texts += [m or "" for (m,) in rows("select memo from annotation")]
    found = {}
    for memo in expected["memos"]:
        here = (memo["title"], memo["text"]) in journals or any(memo["text"] in text for text in memo_texts)
        found.setdefault(memo["on"], [0, 0])
        found[memo["on"]][1] += 1
        found[memo["on"]][0] += here
    for on, (hit, of) in sorted(found.items()):
        result[f"memo on a {on}"] = f"{hit}/{of}"
    return result


def main():
    source, folder = Path(sys.argv[1]), Path(sys.argv[2])
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    archives = sorted(folder.glob("study-*.qdpx"))
    if not archives:
        print(f"no study-*.qdpx in {folder}: run QDPXInteropTests with VERBATIM_INTEROP_DUMP={folder}", file=sys.stderr)
        return 2
    _application, App, refi = prepare_qualcoder(source)
    workspace = Path(tempfile.mkdtemp(prefix="qualcoder-projects-"))
    results = {}
    for archive in archives:
        project, messages, error = import_archive(App, refi, source, archive, workspace)
        results[archive.stem.removeprefix("study-")] = measure(project, expected, error)
        for line in messages:
            if "Duplicated" in line or "Cannot" in line:
                print(f"{archive.name}: QualCoder said: {line}", file=sys.stderr)
    names = list(results)
    aspects = list(dict.fromkeys(key for result in results.values() for key in result))
    print("| kept by QualCoder | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for aspect in aspects:
        print(f"| {aspect} | " + " | ".join(results[name].get(aspect, "") for name in names) + " |")
    default = results.get("textsource", {})
    complete = default.get("import") == "completed" and all(
        default.get(key, "0/1").split("/")[0] == default.get(key, "0/1").split("/")[1]
        for key in ("media files with extension", "transcripts with [hh:mm:ss] at each turn", "codes",
                    "codings, exact text and coder", "cases")
    )
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
