#!/usr/bin/env python3
"""Builds the labelled evaluation corpus for local category generation (issue 15).

Sources: package metadata already on this machine, nothing fetched: npm packages under
node_modules folders (package.json description + keywords, README), Python distributions'
METADATA (summary, description, keywords, "Topic ::" classifiers) and Maven POMs in ~/.m2
(name, description, groupId/artifactId). Debian package descriptions are NOT used: they are the
held-out acceptance data.

Labels: one category of TAXONOMY per package, assigned by keyword rules applied to the package's
*own labels* (npm keywords, PyPI keywords and classifiers, Maven coordinates), not to its prose.
A package whose labels match no rule, or two categories equally, is left out.

  python3 bench/generation/eval/build_corpus.py > bench/generation/eval/packages.jsonl
"""
import glob, json, os, re, sys

TAXONOMY = {
    "testing": "unit tests, test runners, assertions, mocking, fixtures and code coverage",
    "networking": "HTTP clients and servers, web requests, sockets, URLs, proxies and network protocols",
    "command line": "terminal tools, argument parsing, console output, colors, prompts and shells",
    "parsing": "parsers, JSON, XML, YAML, serialization, schemas and markup formats",
    "build tooling": "compilers, bundlers, build plugins, packaging, dependency management and code generation",
    "security": "cryptography, hashing, encryption, certificates, authentication and signatures",
    "logging": "log output, loggers, debugging messages, tracing and diagnostics",
    "data science": "numerical computing, arrays, statistics, data analysis, plotting and machine learning",
    "file system": "files, paths, directories, globbing, archives and compression",
    "text": "string manipulation, regular expressions, unicode, templates and text formatting",
    "concurrency": "asynchronous code, promises, threads, events, queues and scheduling",
    "documentation": "documentation generators, markdown, manuals, site generation and API docs",
}

# label words -> category (matched against whole lower-case label tokens)
RULES = {
    "testing": "test testing tests mocha jest junit pytest mock mocking assert assertion assertions coverage tap spec surefire failsafe hamcrest mockito assertj tdd bdd fixture fixtures",
    "networking": "http https http2 request client server network networking socket sockets url uri proxy fetch websocket tcp dns httpclient netty agent www cookie cookies rest",
    "command line": "cli terminal console tty ansi color colors colour argv args arguments argument argparse shell prompt spinner command-line commandline getopt readline",
    "parsing": "json xml yaml parser parse parsing serialization serializer deserialization jackson stax sax protobuf toml ini schema csv dom",
    "build tooling": "build bundler webpack rollup babel compiler plugin maven mojo gradle packaging npm package pip setuptools wheel install installer transpile dependency dependencies",
    "security": "crypto cryptography security encryption hash hashing ssl tls certificate certificates jwt auth authentication bouncycastle cipher signature signing password",
    "logging": "log logging logger debug slf4j log4j logback trace tracing",
    "data science": "math numpy scientific statistics science data-science machine-learning array arrays matrix plotting visualization",
    "file system": "fs file files filesystem path paths glob directory directories mkdir rimraf archive tar zip gzip compression",
    "text": "string strings text regex regexp unicode template templates templating wrap width ansi-regex strip format formatting",
    "concurrency": "async promise promises queue concurrency concurrent thread threads event events emitter scheduling scheduler parallel futures",
    "documentation": "documentation docs doc markdown doxia javadoc sphinx manual site",
}
RULE_WORDS = {c: set(w.split()) for c, w in RULES.items()}
TOPIC_MAP = {  # PyPI "Topic ::" classifier fragments
    "software development :: testing": "testing", "internet :: www/http": "networking",
    "security :: cryptography": "security", "security": "security", "system :: logging": "logging",
    "scientific/engineering": "data science", "text processing :: markup": "parsing",
    "documentation": "documentation", "software development :: build tools": "build tooling",
    "system :: archiving": "file system", "system :: filesystems": "file system",
    "text processing": "text", "terminals": "command line",
}


def label(tokens, topics=()):
    score = {c: 0 for c in TAXONOMY}
    for t in tokens:
        t = t.lower().strip()
        parts = {t} | set(re.split(r"[-_.\s/]+", t))
        for c, words in RULE_WORDS.items():
            if parts & words:
                score[c] += 1
    for topic in topics:
        topic = topic.lower()
        for frag, c in TOPIC_MAP.items():
            if frag in topic:
                score[c] += 2
                break
    ranked = sorted(score.items(), key=lambda kv: -kv[1])
    if ranked[0][1] == 0 or ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def clean(text):
    text = re.sub(r"```.*?```", " ", text, flags=re.S)          # code blocks
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)            # images / badges
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)         # links -> their text
    text = re.sub(r"<[^>]+>", " ", text)                         # html
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def npm():
    for pj in glob.glob("/usr/lib/node_modules/**/package.json", recursive=True) + \
              glob.glob("/root/.npm/**/node_modules/*/package.json", recursive=True):
        folder = os.path.dirname(pj)
        if os.path.basename(os.path.dirname(folder)) != "node_modules" and not os.path.basename(os.path.dirname(os.path.dirname(folder))).startswith("node_modules"):
            continue
        try:
            p = json.load(open(pj))
        except Exception:
            continue
        name, desc, kw = p.get("name"), p.get("description") or "", p.get("keywords") or []
        if not name or not isinstance(kw, list):
            continue
        readme = ""
        for r in glob.glob(os.path.join(folder, "[Rr][Ee][Aa][Dd][Mm][Ee]*")):
            try:
                readme = open(r, errors="ignore").read()
            except Exception:
                pass
            break
        yield "npm", name, kw, [], desc + "\n\n" + clean(readme)


def pypi():
    for meta in glob.glob("/root/.pyenv/versions/*/lib/python*/site-packages/*.dist-info/METADATA"):
        s = open(meta, errors="ignore").read()
        head, _, body = s.partition("\n\n")
        get = lambda k: [m.strip() for m in re.findall(r"^" + k + r": (.*)$", head, re.M)]
        name = (get("Name") or [None])[0]
        if not name:
            continue
        kw = []
        for k in get("Keywords"):
            kw += re.split(r"[,\s]+", k)
        topics = [c.split("Topic ::", 1)[1] for c in get("Classifier") if "Topic ::" in c]
        summary = (get("Summary") or [""])[0]
        yield "pypi", name, kw + [name], topics, summary + "\n\n" + clean(body)


def maven():
    for pom in glob.glob(os.path.expanduser("~/.m2/repository/**/*.pom"), recursive=True):
        s = open(pom, errors="ignore").read()
        m = re.search(r"<description>(.*?)</description>", s, re.S)
        if not m:
            continue
        desc = " ".join(m.group(1).split())
        parts = pom.split("/")
        artifact, group = parts[-3], ".".join(parts[parts.index("repository") + 1:-3])
        n = re.search(r"<name>(.*?)</name>", s)
        yield "maven", artifact, [artifact, group.split(".")[-1]], [], ((n.group(1) + ". ") if n else "") + desc


def main():
    seen, rows = set(), []
    for source, name, kw, topics, text in [*npm(), *pypi(), *maven()]:
        text = text.strip()
        if name in seen or len(text) < 80 or "${" in text[:40]:
            continue
        category = label(kw, topics)
        if category is None:
            continue
        seen.add(name)
        rows.append({"source": source, "name": name, "category": category,
                     "tags": sorted({k.lower() for k in kw if k and k.lower() != name.lower()})[:12],
                     "text": (name + ". " + text)[:6000]})
    rows.sort(key=lambda r: (r["source"], r["name"]))
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "taxonomy.json"), "w") as f:
        json.dump({"categories": [{"label": l, "description": d} for l, d in TAXONOMY.items()]}, f, indent=1)
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))
    counts = {}
    for r in rows:
        counts[r["category"]] = counts.get(r["category"], 0) + 1
    print(len(rows), "documents", dict(sorted(counts.items(), key=lambda kv: -kv[1])), file=sys.stderr)


if __name__ == "__main__":
    main()
