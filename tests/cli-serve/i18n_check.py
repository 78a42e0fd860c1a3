#!/usr/bin/env python3
"""The web catalogues (web/i18n/*.tsv): every catalogue has exactly the
keys of en.tsv, no text is empty, and every key the page code asks for
(T(w, l, "key"), web_t(l, "key"), K("key") in tables, the act_ACTION and
level keys) is in
every catalogue. Prints one line per problem; exit 1 if there is any.

usage: i18n_check.py I18N_DIR PAGES_C [PAGES_C...]"""
import os
import re
import sys

i18n, pages = sys.argv[1], sys.argv[2:]


def load(path):
    keys = {}
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        if "\t" not in line:
            yield ("%s:%d: no tab" % (path, n), None, None)
            continue
        k, t = line.split("\t", 1)
        yield (None, k, t)


problems = []
cats = {}
for f in sorted(os.listdir(i18n)):
    if f.endswith(".tsv"):
        d = {}
        for err, k, t in load(os.path.join(i18n, f)):
            if err:
                problems.append(err)
            elif k in d:
                problems.append("%s: %s twice" % (f, k))
            elif not t.strip():
                problems.append("%s: %s is empty" % (f, k))
            else:
                d[k] = t
        cats[f[:-4]] = d
for lang in ("en", "es", "fr"):
    if lang not in cats:
        problems.append("no catalogue %s.tsv" % lang)
src = "".join(open(p, encoding="utf-8").read() for p in pages)
used = set(re.findall(r'\bT\(w, l, "([^"]+)"\)', src)) | set(re.findall(r'web_t\((?:v->)?l, "([^"]+)"\)', src))
used |= set(re.findall(r'\bK\("([^"]+)"\)', src))
used |= {"act_" + a for a in ("filtering", "anti_spoofing", "coordination", "irr", "rpki")}
used |= {"ready", "aspiring", "lagging", "no-data", "lang_name"}
base = set(cats.get("en", {}))
for lang, d in sorted(cats.items()):
    for k in sorted(base - set(d)):
        problems.append("%s.tsv: missing key %s" % (lang, k))
    for k in sorted(set(d) - base):
        problems.append("%s.tsv: key %s not in en.tsv" % (lang, k))
    for k in sorted(used - set(d)):
        problems.append("%s.tsv: missing key %s (used by the pages)" % (lang, k))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
