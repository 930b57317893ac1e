#!/usr/bin/env bash
# Checks the project's Markdown links: every relative link and image in README.md, docs/*.md and every other
# tracked *.md file must name a file or folder that exists, and a "#anchor" into a Markdown file must name one
# of its headings (GitHub's slugs: lower case, spaces to '-', punctuation other than '-' and '_' dropped,
# "-1", "-2" for repeated headings). Web links are not checked. Prints each broken link as file:line and
# exits 1 if there is any. Needs bash, git and python3 (Debian's python3 is enough).
set -euo pipefail
cd "$(dirname "$0")/.."

{
    [[ -f README.md ]] && echo README.md
    for f in docs/*.md; do [[ -f "$f" ]] && echo "$f"; done
    git ls-files -- '*.md' 2>/dev/null || true
} | sort -u | python3 -c '
import os, re, sys, unicodedata
from urllib.parse import unquote

files = [line.strip() for line in sys.stdin if line.strip() and os.path.isfile(line.strip())]

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
# [text](target "title") and ![alt](target); the text may hold one level of brackets (an image in a link).
INLINE = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:\"[^\"]*\"|\x27[^\x27]*\x27|\([^)]*\)))?\s*\)")
REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
HTML = re.compile(r"<(?:img|a)\b[^>]*?\b(?:src|href)\s*=\s*[\"\x27]([^\"\x27]*)[\"\x27]", re.I)


def slug(text):
    text = CODE_SPAN.sub(lambda m: m.group(2), text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link in a heading counts by its text
    text = re.sub(r"<[^>]+>", "", text)                      # so does inline HTML
    text = text.strip().lower()
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "-_" or ch == " " or cat[0] in ("L", "N") or cat == "Mn" or cat == "Mc":
            kept.append(ch)
    return "".join(kept).replace(" ", "-")


anchor_cache = {}


def anchors(path):
    if path not in anchor_cache:
        seen, result, in_fence = {}, set(), None
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                fence = FENCE.match(line)
                if fence:
                    mark = fence.group(1)[0]
                    if in_fence is None:
                        in_fence = mark
                    elif in_fence == mark:
                        in_fence = None
                    continue
                if in_fence:
                    continue
                m = HEADING.match(line)
                if not m:
                    continue
                base = slug(m.group(2))
                n = seen.get(base, 0)
                seen[base] = n + 1
                result.add(base if n == 0 else "%s-%d" % (base, n))
                for a in re.findall(r"<a\s+(?:name|id)=[\"\x27]([^\"\x27]+)[\"\x27]", line, re.I):
                    result.add(a)
        anchor_cache[path] = result
    return anchor_cache[path]


def targets(line):
    bare = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)  # links inside code spans are code
    for m in INLINE.finditer(bare):
        yield m.group(1)
    m = REFDEF.match(bare)
    if m:
        yield m.group(1)
    for m in HTML.finditer(bare):
        yield m.group(1)


broken = checked = 0
for source in files:
    in_fence = None
    with open(source, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            fence = FENCE.match(line)
            if fence:
                mark = fence.group(1)[0]
                if in_fence is None:
                    in_fence = mark
                elif in_fence == mark:
                    in_fence = None
                continue
            if in_fence:
                continue
            for target in targets(line):
                target = target.strip("<>")
                if not target or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("//"):
                    continue  # web and mail links are not checked
                checked += 1
                path, _, anchor = target.partition("#")
                path = unquote(path)
                if path.startswith("/"):
                    resolved = os.path.normpath(path.lstrip("/"))
                elif path:
                    resolved = os.path.normpath(os.path.join(os.path.dirname(source), path))
                else:
                    resolved = source
                problem = None
                if resolved.startswith(".."):
                    problem = "points outside the repository"
                elif not os.path.exists(resolved):
                    problem = "no such file: %s" % resolved
                elif anchor and resolved.lower().endswith(".md") and os.path.isfile(resolved):
                    if unquote(anchor).lower() not in anchors(resolved):
                        problem = "no heading #%s in %s" % (anchor, resolved)
                if problem:
                    broken += 1
                    print("%s:%d: broken link (%s): %s" % (source, number, problem, target))

print("%d link(s) checked in %d Markdown file(s), %d broken" % (checked, len(files), broken))
sys.exit(1 if broken else 0)
'
