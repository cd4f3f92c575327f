"""Prints the paragraphs of Word documents as JSON, read with python-docx.

Usage: read_docx.py FILE.docx [FILE.docx ...]
One JSON object per file on standard output: {"file": ..., "paragraphs": [{"text": ...,
"runs": [{"text": ..., "bold": true|false}]}]}. Exits 1 with a message when a file is not a
Word document python-docx can open.
"""

import json
import sys

import docx


def paragraphs(path):
    document = docx.Document(path)
    return [
        {
            "text": paragraph.text,
            "runs": [{"text": run.text, "bold": bool(run.bold)} for run in paragraph.runs],
        }
        for paragraph in document.paragraphs
    ]


def main(paths):
    if not paths:
        print("usage: read_docx.py FILE.docx [FILE.docx ...]", file=sys.stderr)
        return 2
    for path in paths:
        try:
            result = {"file": path, "paragraphs": paragraphs(path)}
        except Exception as error:  # python-docx raises several kinds for a damaged package
            print(f"{path}: not a readable Word document: {error}", file=sys.stderr)
            return 1
        print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
