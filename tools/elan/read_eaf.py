"""Prints an ELAN .eaf file as pympi-ling reads it, as JSON on stdout (see tools/elan/check).

Tiers: parent, linguistic type, participant, annotator, and their annotations as
[start_ms, end_ms, value] from pympi's own time-slot resolution; the raw time slots; the media
descriptors. Exits 1 with the reason on stderr when pympi cannot read the file.
"""
import json
import sys

from pympi.Elan import Eaf


def main(path):
    try:
        eaf = Eaf(path)
    except Exception as error:  # pympi raises plain exceptions for malformed documents
        print(f"pympi cannot read {path}: {error}", file=sys.stderr)
        return 1
    tiers = {}
    for name, (aligned, _reference, attributes, _order) in eaf.tiers.items():
        tiers[name] = {
            "parent": attributes.get("PARENT_REF"),
            "type": attributes.get("LINGUISTIC_TYPE_REF"),
            "participant": attributes.get("PARTICIPANT"),
            "annotator": attributes.get("ANNOTATOR"),
            "annotations": [list(a) for a in eaf.get_annotation_data_for_tier(name)],
            "alignedCount": len(aligned),
        }
    document = {
        "tiers": tiers,
        "timeslots": eaf.timeslots,
        "media": eaf.media_descriptors,
        "linguisticTypes": {k: v for k, v in eaf.linguistic_types.items()},
    }
    json.dump(document, sys.stdout, ensure_ascii=False, sort_keys=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: tools/elan/check FILE.eaf", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
