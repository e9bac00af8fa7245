#!/usr/bin/env python3
"""Builds a corpus of real English texts (20-300 words) from this machine, deterministically.

Sources, in this order (sorted paths): English man pages (/usr/share/man/man*/*.gz, groff stripped,
one text per paragraph), docstrings of Python sources under /root/.pyenv/versions (one text per
docstring paragraph group), and text files in /usr/share/doc. Texts are de-duplicated (normalised),
then shuffled with a fixed seed. Output: JSON lines {"name", "text"}.
usage: corpus.py OUT.jsonl
"""
import ast, glob, gzip, hashlib, json, os, random, re, sys, warnings

warnings.filterwarnings("ignore")
MIN_WORDS, MAX_WORDS = 20, 300
out_path = sys.argv[1]
seen = set()
items = []

def add(name, text):
    text = re.sub(r"\s+", " ", text).strip()
    words = text.split(" ")
    if len(words) < MIN_WORDS or len(words) > MAX_WORDS:
        return
    letters = sum(c.isalpha() for c in text)
    if letters < 0.6 * len(text):  # tables, code, option lists
        return
    key = hashlib.sha1(text.lower().encode()).digest()
    if key in seen:
        return
    seen.add(key)
    items.append({"name": name, "text": text})

ESC = re.compile(r"\\f(\[[^\]]*\]|\(..|.)|\\\*(\[[^\]]*\]|\(..|.)|\\s[-+]?\d+|\\\(..|\\\[[^\]]*\]|\\[&^|%:,/ ]|\\e|\\-")
def groff_text(line):
    line = ESC.sub(lambda m: "-" if m.group(0) == "\\-" else ("\\" if m.group(0) == "\\e" else ""), line)
    line = line.replace("\\", "")
    return line

BREAK = re.compile(r"^[.'](SH|SS|PP|P|LP|TP|IP|HP|sp|br|RS|RE|nf|fi|Sh|Pp|It|Bl|El|Ss|TH|Dd)\b")
INLINE = re.compile(r"^[.'](B|I|BR|RB|IR|RI|BI|IB|SM|SB|Nm|Ar|Fl|Cm|Xr|Em|Pa|Va|Dv|Er|Ev|Fn|Fa|Ql|Sy|Li|Dq|Sq|Op|Pq|Ic|Ux)\s+(.*)$")

def man_pages():
    for path in sorted(glob.glob("/usr/share/man/man*/*.gz")):
        base = os.path.basename(path)[:-3]
        page = base.rsplit(".", 1)
        name = f"{page[0]}({page[1] if len(page) > 1 else '?'})"
        try:
            raw = gzip.open(path, "rt", encoding="utf-8", errors="replace").read()
        except Exception:
            continue
        if raw.startswith(".so "):
            continue
        para, n, nofill = [], 0, False
        def flush():
            nonlocal para, n
            if para:
                n += 1
                add(f"{name} §{n}", " ".join(para))
            para = []
        for line in raw.splitlines():
            if line.startswith(".nf"):
                nofill = True
            if line.startswith(".fi"):
                nofill = False
            if BREAK.match(line) or not line.strip():
                flush()
                continue
            m = INLINE.match(line)
            if m:
                para.append(groff_text(m.group(2).replace('"', "")))
                continue
            if line.startswith(".") or line.startswith("'") or nofill:
                continue
            para.append(groff_text(line))
        flush()

def docstrings():
    files = sorted(glob.glob("/root/.pyenv/versions/*/lib/python3*/**/*.py", recursive=True))
    for path in files:
        try:
            tree = ast.parse(open(path, encoding="utf-8", errors="replace").read())
        except Exception:
            continue
        rel = re.sub(r"^/root/.pyenv/versions/[^/]+/lib/python[^/]+/", "", path)
        mod = rel[:-3].replace("/", ".").replace("site-packages.", "")
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            doc = ast.get_docstring(node)
            if not doc:
                continue
            label = mod if isinstance(node, ast.Module) else f"{mod}.{node.name}"
            for i, p in enumerate(re.split(r"\n\s*\n", doc)):
                if ">>>" in p:
                    continue
                add(f"{label} (docstring §{i + 1})", p)

def docs():
    for path in sorted(glob.glob("/usr/share/doc/**/*", recursive=True)):
        if not os.path.isfile(path) or path.endswith((".html", ".png", ".svg", ".pdf")):
            continue
        try:
            raw = gzip.open(path, "rt", errors="replace").read() if path.endswith(".gz") else open(path, errors="replace").read()
        except Exception:
            continue
        if "\x00" in raw[:1000]:
            continue
        rel = path[len("/usr/share/doc/"):]
        for i, p in enumerate(re.split(r"\n\s*\n", raw)):
            add(f"{rel} §{i + 1}", p)

for src in (man_pages, docstrings, docs):
    before = len(items)
    src()
    print(f"{src.__name__}: {len(items) - before} texts", file=sys.stderr)
random.Random(20240613).shuffle(items)
with open(out_path, "w") as f:
    for it in items:
        f.write(json.dumps(it, ensure_ascii=False) + "\n")
print(f"total {len(items)} texts -> {out_path}", file=sys.stderr)
