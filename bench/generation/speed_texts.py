#!/usr/bin/env python3
"""N distinct real texts for the throughput benchmark (throughput.sh), from what is on this machine.

Every text is different, so nothing the service caches across documents (candidate phrases'
vectors) is helped by a text seen before. First the package texts build_corpus.py reads (npm
package.json + README, PyPI METADATA, Maven POM descriptions: all of them, not only those it could
label), then the docstrings of Python's standard library of the newest interpreter found: its
modules', then its public classes' and functions'. Debian package descriptions are not used: they
are the held-out acceptance data.

    python3 bench/generation/speed_texts.py 1000 > texts.jsonl     # {"name": ..., "text": ...} a line,
                                                                   # in a fixed mixed order
    python3 bench/generation/speed_texts.py 20000 --cycle           # more than there are: the texts
                                                                   # again, in the same order
With --cycle a text comes back only after all the others (about 3,200 here), by when the phrase
cache (10,000 phrases, about 20 a document) has long dropped its phrases: a scale run, not a cache
test.
"""
import ast, glob, json, os, random, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "eval"))
import build_corpus  # noqa: E402


def packages():
    for source, name, _kw, _topics, text in [*build_corpus.npm(), *build_corpus.pypi(), *build_corpus.maven()]:
        yield name, text.strip()


def python_docstrings():
    libs = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.*/lib/python3.*")),
                  key=lambda p: [int(x) for x in p.rsplit("python", 1)[1].split(".")])
    lib = libs[-1] if libs else os.path.dirname(os.__file__)
    files = sorted(f for f in glob.glob(lib + "/**/*.py", recursive=True)
                   if not any(part in f for part in ("/test", "site-packages", "/idlelib/", "/lib2to3/")))
    members = []
    for f in files:
        try:
            tree = ast.parse(open(f, encoding="utf-8").read())
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        module = os.path.relpath(f, lib)[:-3].replace("/", ".").removesuffix(".__init__")
        yield module, ast.get_docstring(tree) or ""
        for node in ast.walk(tree):
            if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and not node.name.startswith("_"):
                members.append((f"{module}.{node.name}", ast.get_docstring(node) or ""))
    yield from members


def main():
    n = int(sys.argv[1])
    cycle = "--cycle" in sys.argv[2:]
    names, texts, rows = set(), set(), []
    for name, text in [*packages(), *python_docstrings()]:
        if len(rows) == n:
            break
        if len(text) < 80 or name in names or text in texts or "${" in text[:40]:
            continue
        names.add(name)
        texts.add(text)
        rows.append({"name": name, "text": text[:8000]})
    if len(rows) < n and not cycle:
        sys.exit(f"only {len(rows)} distinct texts found, {n} asked for (--cycle repeats them)")
    # the same N texts in a mixed order (fixed): the long package READMEs first would make the first
    # half of a run slower than the second for their length alone
    random.Random(15).shuffle(rows)
    for i in range(n):
        row = rows[i % len(rows)]
        rounds = i // len(rows)
        print(json.dumps(row if rounds == 0 else {**row, "name": f"{row['name']} ({rounds + 1})"}, ensure_ascii=False))


if __name__ == "__main__":
    main()
