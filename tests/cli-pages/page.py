#!/usr/bin/env python3
"""Checks the History, Compare, Participants and Learn pages of a running
`manrs serve` (tests/cli-pages/run.sh builds its database): every page in
every language, the exact numbers of the test database in the tables, the
chart contract (data-chart tables whose number cells carry data-value),
locale formatting, and hostile query strings (400 naming the parameter,
input escaped).

usage: page.py OPEN_URL MEMBERS_URL I18N_DIR"""
import html.parser
import json
import os
import re
import sys
import urllib.error
import urllib.request

base, members, i18n = (a.rstrip("/") for a in sys.argv[1:4])
LANGS = ("en", "es", "fr")


def ok(name):
    print("PASS cli-pages " + name)


def bad(name, why):
    print("FAIL cli-pages %s: %s" % (name, why))


def same(name, got, want):
    if got == want:
        ok(name)
    else:
        bad(name, "got %r, want %r" % (got, want))


def get(path, url=None):
    try:
        with urllib.request.urlopen((url or base) + path, timeout=60) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


class Tables(html.parser.HTMLParser):
    """Every table: its attributes, heading texts and rows of cells
    (tag, attributes, text)."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell, self.head = [], None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append({"attrs": a, "head": [], "rows": []})
        elif tag == "thead":
            self.head = True
        elif tag == "tbody":
            self.head = False
        elif tag == "tr" and self.tables and not self.head:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th") and self.tables:
            self.cell = [tag, a, ""]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            t = self.tables[-1]
            if self.head:
                t["head"].append(self.cell[2])
            elif t["rows"]:
                t["rows"][-1].append(tuple(self.cell))
            self.cell = None

    def handle_data(self, d):
        if self.cell is not None:
            self.cell[2] += d


def tables(body):
    p = Tables()
    p.feed(body)
    return p.tables


def row(tab, first):
    for r in tab["rows"]:
        if r and r[0][2] == first:
            return r
    return None


def values(r):
    return [c[1].get("data-value") for c in r[1:]]


keys = {}
for lang in LANGS:
    keys[lang] = {}
    for line in open(os.path.join(i18n, lang + ".tsv"), encoding="utf-8"):
        if "\t" in line and not line.startswith("#"):
            k, t = line.rstrip("\n").split("\t", 1)
            keys[lang][k] = t
catalogue_keys = set(keys["en"])

# ---- every page in every language: 200, HTML, translated, no raw key ----
PAGES = ["/history", "/history?region=Americas", "/history?asn=58224,12455", "/networks/58224/history",
         "/compare", "/compare?kind=region&a=Americas&b=Africa", "/compare?kind=network&a=58224&b=12455",
         "/compare?kind=month&a=2024-09&b=2024-10&asn=58224",
         "/compare?kind=month&a=2024-09&b=2024-10&region=Africa", "/participants", "/participants?asn=12455",
         "/learn", "/learn/filtering?asn=58224", "/learn/anti-spoofing?asn=58224",
         "/learn/coordination?asn=58224", "/learn/validation?asn=58224", "/learn/validation"]
for p in PAGES:
    for lang in LANGS:
        st, ct, body = get(p + ("&" if "?" in p else "?") + "lang=" + lang)
        name = "%s (%s)" % (p, lang)
        if st != 200 or not ct.startswith("text/html"):
            bad(name, "status %d %s: %s" % (st, ct, body[:200]))
            continue
        leaked = [k for k in re.findall(r">([a-z][a-z0-9_-]*_[a-z0-9_-]+)<", body) if k in catalogue_keys]
        if '<html lang="%s">' % lang not in body:
            bad(name, "no lang attribute")
        elif leaked:
            bad(name, "catalogue keys shown: %s" % leaked[:5])
        elif "<script" in body.replace('<script src="/static/app.js" defer></script>', ""):
            bad(name, "an inline script")
        else:
            ok(name)
        # The chart contract: in a data-chart table every number cell
        # carries its value (or is a dash), the first column is the x axis.
        for t in tables(body):
            if "data-chart" not in t["attrs"]:
                continue
            for r in t["rows"]:
                for tag, a, text in r[1:]:
                    if tag == "td" and "data-value" not in a and text != "\u2013":
                        bad(name + " chart cell", "%r without data-value" % text)

# ---- navigation ----
st, _, body = get("/?lang=fr")
same("the header links to the new pages", re.findall(r'<a href="/(history|compare|participants|learn)\?lang=fr">([^<]*)</a>', body),
     [("history", "Historique"), ("compare", "Comparer"), ("participants", "Participants"), ("learn", "Apprendre")])
st, _, body = get("/history?region=Americas&lang=es")
same("language links keep the query", re.findall(r'hreflang="fr" href="([^"]*)"', body), ["/history?region=Americas&amp;lang=fr"])

# ---- History: a region ----
st, _, body = get("/history?region=Americas&month=2024-10&lang=es")
t = tables(body)
same("region history: 7 tables (mean, networks, readiness x5)", len(t), 7)
same("region history: chart kinds", [x["attrs"].get("data-chart") for x in t], ["line", "line"] + ["bar"] * 5)
same("region history: headings (es)", t[0]["head"], ["Mes", "Filtrado", "Antisuplantación", "Coordinación", "IRR", "RPKI"])
same("region history: 12 months, oldest first", [r[0][1].get("data-value") for r in t[0]["rows"]],
     ["2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07", "2024-08",
      "2024-09", "2024-10"])
same("region history: month names (es)", (t[0]["rows"][0][0][2], t[0]["rows"][11][0][2]), ("noviembre de 2023", "octubre de 2024"))
same("region history: means of 2024-10", values(row(t[0], "octubre de 2024")), ["1", None, "0", "0", "0"])
same("region history: networks 2024-09 and 2024-10", (values(row(t[1], "septiembre de 2024")), values(row(t[1], "octubre de 2024"))),
     (["1"], ["113"]))
same("region history: a month without scores is a dash", [c[2] for c in row(t[1], "agosto de 2024")[1:]], ["\u2013"])
same("region history: RPKI readiness of 2024-10", values(row(t[6], "octubre de 2024")), ["0", "0", "113", "0"])
st, _, body = get("/history?region=Africa&month=2024-10&lang=fr")
t = tables(body)
same("region history: IRR mean, French decimal comma", [c[2] for c in row(t[0], "septembre 2024")][4], "0,6984")
same("region history: the same value in data-value", values(row(t[0], "septembre 2024"))[3], "0.6984")
st, _, body = get("/history?region=Africa&month=2024-10&lang=en")
same("region history: English month and decimal point", [c[2] for c in row(tables(body)[0], "September 2024")][4], "0.6984")

st, _, body = get("/networks/58224?lang=es")
same("the network report links to its history", '<a href="/networks/58224/history?lang=es">Historial</a>' in body, True)

# ---- History: networks ----
st, _, body = get("/networks/58224/history?lang=en")
t = tables(body)
same("network history: scores (line) and levels tables", [x["attrs"].get("data-chart") for x in t], ["line", None])
same("network history: 2024-10 scores", values(row(t[0], "October 2024")), ["1", None, "0", "0", "0.1096"])
same("network history: 2024-09 scores (RPKI halved)", values(row(t[0], "September 2024")), ["1", None, "0", "0", "0.0548"])
same("network history: levels", [c[2] for c in row(t[1], "October 2024")[1:]], ["Ready", "No data", "Lagging", "Lagging", "Lagging"])
st2, _, body2 = get("/history?asn=58224&lang=en")
same("/networks/N/history is /history?asn=N", tables(body2), t)
st, _, body = get("/history?asn=58224,12455,58224&lang=en")
t = tables(body)
same("overlay: one line and one level table per Action", [x["attrs"].get("data-chart") for x in t], ["line", None] * 5)
same("overlay: a column per network (duplicates dropped)", t[0]["head"], ["Month", "AS58224", "AS12455"])
same("overlay: IRR in 2024-10", values(row(t[6], "October 2024")), ["0", "0.6984"])
same("overlay: RPKI in 2024-09", values(row(t[8], "September 2024")), ["0.0548", "0"])
st, _, body = get("/history?asn=58224,64496&lang=en")
same("overlay: a network without scores is named and dashed", (st, "AS64496</a>: no stored scores" in body,
     values(row(tables(body)[0], "October 2024"))), (200, True, ["1", None]))
st, _, body = get("/history?asn=64496")
same("history of a network without scores: 404", (st, json.loads(body)), (404, {"error": "AS64496: no stored scores"}))

# ---- Compare ----
st, _, body = get("/compare?kind=network&a=58224&b=12455&lang=fr")
t = tables(body)
same("compare networks: headings", t[0]["head"], ["Action", "AS58224", "AS12455", "Évolution"])
same("compare networks: IRR and change", [c[2] for c in row(t[0], "IRR")[1:]], ["0", "0,6984", "0,6984"])
same("compare networks: RPKI and change", values(row(t[0], "RPKI")), ["0.1096", "0", "-0.1096"])
same("compare networks: levels", [c[2] for c in row(t[1], "Filtrage")[1:]], ["Prêt", "Prêt"])
same("compare networks: 12-month line charts per Action", [x["attrs"].get("data-chart") for x in t[2:]], ["line", None] * 5)
st, _, body = get("/compare?kind=region&a=Americas&b=Africa&month=2024-10&lang=en")
t = tables(body)
same("compare regions: tables", [x["attrs"].get("data-chart") for x in t], [None, "bar", "bar"] + ["line"] * 5)
same("compare regions: networks", values(row(t[0], "Networks")), ["113", "19", "-94"])
same("compare regions: IRR means", values(row(t[0], "IRR")), ["0", "0.0368", "0.0368"])
same("compare regions: IRR history, 2024-09", values(row(t[6], "September 2024")), ["0", "0.6984"])
same("compare regions: readiness of Africa", values(row(t[2], "Coordination")), ["0", "0", "19", "0"])
st, _, body = get("/compare?kind=month&a=2024-09&b=2024-10&asn=58224&lang=en")
t = tables(body)
same("compare months of a network: headings", t[0]["head"], ["Action", "September 2024", "October 2024", "Change"])
same("compare months of a network: RPKI", values(row(t[0], "RPKI")), ["0.0548", "0.1096", "0.0548"])
st, _, body = get("/compare?kind=month&a=2024-09&b=2024-10&region=Africa&lang=es")
same("compare months of a region: networks", [c[2] for c in row(tables(body)[0], "Redes")[1:]], ["1", "19", "18"])

# ---- Participants ----
st, _, body = get("/participants?lang=es")
t = tables(body)
same("participants: conformance by program (bar)", (t[0]["attrs"].get("data-chart"), t[0]["head"]),
     ("bar", ["Programa", "Cumple los requisitos", "Aún no los cumple", "Sin datos"]))
same("participants: counts", [(r[0][2], values(r)) for r in t[0]["rows"]],
     [("Operadores de red", ["0", "2", "0"]), ("Puntos de intercambio de Internet", ["0", "0", "0"]),
      ("Proveedores de CDN y nube", ["0", "1", "0"]), ("Fabricantes de equipos", ["0", "0", "0"])])
same("participants: netops members", [r[0][2] for r in t[1]["rows"]], ["=Formula Test Net", "Invented Carrier, Ltd."])
same("participants: dates (es)", [r[1][2] for r in t[1]["rows"]], ["15 de junio de 2021", "1 de marzo de 2020"])
same("participants: ASNs", t[1]["rows"][1][2][2], "AS3329, AS12455")
same("participants: the snapshot named", "manrs-participants.csv (1 de octubre de 2024)" in body, True)
same("participants: no IXP", "Ningún participante en este programa." in body, True)
for lang, want in (("en", "March 1, 2020"), ("fr", "1 mars 2020")):
    st, _, body = get("/participants?lang=" + lang)
    same("participants: date (%s)" % lang, tables(body)[1]["rows"][1][1][2], want)
st, _, body = get("/participants?asn=12455&lang=en")
t = tables(body)
same("participants ?asn=: only its holder", [r[0][2] for r in t[1]["rows"]], ["Invented Carrier, Ltd."])
same("participants ?asn=: counts filtered", [values(r) for r in t[0]["rows"]], [["0", "1", "0"], ["0", "0", "0"], ["0", "0", "0"], ["0", "0", "0"]])
same("participants ?asn=: required not ready", t[1]["rows"][0][-2][2], "Coordination, IRR, RPKI")
st, _, body = get("/participants?asn=64496&lang=en")
same("participants ?asn= of no participant", "AS64496: no participant holds this network." in body, True)
st, _, body = get("/participants?program=cdn&lang=en")
same("participants ?program=", [r[0][2] for r in tables(body)[1]["rows"]], ["Invented CDN"])

# ---- Learn ----
st, _, body = get("/learn?lang=en&asn=58224")
same("learn index: four tutorials, the ASN carried", re.findall(r'<a href="(/learn/[a-z-]+\?lang=en&amp;asn=58224)">', body),
     ["/learn/filtering?lang=en&amp;asn=58224", "/learn/anti-spoofing?lang=en&amp;asn=58224",
      "/learn/coordination?lang=en&amp;asn=58224", "/learn/validation?lang=en&amp;asn=58224"])
same("learn index: the network's levels, each Action to its tutorial", [(r[0][2], r[2][2], r[3][2]) for r in tables(body)[0]["rows"]],
     [("Filtering", "Ready", "Action 1: Filtering"), ("Anti-spoofing", "No data", "Action 2: Anti-spoofing"),
      ("Coordination", "Lagging", "Action 3: Coordination"), ("IRR", "Lagging", "Action 4: Global validation"),
      ("RPKI", "Lagging", "Action 4: Global validation")])
st, _, body = get("/learn?lang=en&asn=64496")
same("learn index of an unknown network: the API's 404", st, 404)
st, _, body = get("/learn/validation?asn=58224&lang=en")
t = tables(body)
same("learn validation: ROA coverage sentence", "16 of your 146 routes are RPKI-valid; 0 are invalid." in body, True)
same("learn validation: IRR coverage sentence", "0 of your 146 routes have a matching route object." in body, True)
roas = [x for x in t if x["head"][:3] == ["Prefix", "Max length", "Origin"]][0]
same("learn validation: one ROA per not-found route", len(roas["rows"]), 130)
same("learn validation: the first ROA to create", [c[2] for c in roas["rows"][0]],
     ["151.232.104.0/23", "23", "AS58224", "Not found", "\u2013"])
same("learn validation: the RPKI counts (bar)", [x for x in t if x["attrs"].get("data-chart") == "bar"][0]["rows"][0][1:],
     [("td", {"class": "num", "data-value": "16"}, "16"), ("td", {"class": "num", "data-value": "0"}, "0"),
      ("td", {"class": "num", "data-value": "130"}, "130")])
objs = [x for x in t if x["head"][:2] == ["Object", "Prefix"]][0]
same("learn validation: route objects to create", (len(objs["rows"]), [c[2] for c in objs["rows"][0]]),
     (146, ["route", "151.232.104.0/23", "AS58224", "no route object"]))
same("learn validation: the RPSL of the first", "<pre>route:          151.232.104.0/23\norigin:         AS58224\n" in body, True)
st, _, body = get("/learn/validation?asn=58224&lang=es")
same("learn validation (es)", "16 de sus 146 rutas son válidas según la RPKI; 0 son inválidas." in body, True)
st, _, body = get("/learn/validation?asn=58224&lang=fr")
same("learn validation (fr)", "16 de vos 146 routes sont valides selon la RPKI\u202f; 0 sont invalides." in body, True)
st, _, body = get("/learn/coordination?asn=58224&lang=en")
same("learn coordination: the network's contact data", [(r[0][2], r[1][2]) for r in tables(body)[1]["rows"]],
     [("Score (M8)", "0"), ("PeeringDB record", "no"), ("Contacts found", "0")])
same("learn coordination: what to do", "The Observatory found no published contact for your network" in body, True)
st, _, body = get("/learn/anti-spoofing?asn=58224&lang=fr")
same("learn anti-spoofing: no Spoofer data", "Aucun test Spoofer depuis votre réseau ce mois-ci" in body, True)
st, _, body = get("/learn/filtering?asn=58224&lang=en")
same("learn filtering: bogons and the incidents link", ("Bogon announcements seen from your network this month: 0." in body,
     '<a href="/incidents?asn=58224&amp;lang=en">' in body), (True, True))
st, _, body = get("/learn/validation?lang=en")
same("learn without an ASN asks for one", ("Give your AS number" in body, 'action="/learn/validation"' in body), (True, True))

# ---- numbers per locale ----
st, _, body = get("/history?region=Americas&month=2024-10&lang=en")
st2, _, body2 = get("/api/v2/scores/summary?region=Americas&month=2024-10")
same("the page's numbers are the API's", values(row(tables(body)[0], "October 2024")),
     [None if json.loads(body2)["actions"][a]["mean"] is None else str(json.loads(body2)["actions"][a]["mean"])
      for a in ("filtering", "anti_spoofing", "coordination", "irr", "rpki")])

# ---- hostile query strings: 400 naming the parameter, input escaped ----
BAD = [
    ("/history?asn=abc", "asn"), ("/history?asn=4294967296", "asn"), ("/history?asn=1,2,3,4,5,6,7,8,9", "asn"),
    ("/history?asn=1,,2", "asn"), ("/history?asn=1,", "asn"), ("/history?region=Atlantis", "region"),
    ("/history?region=%3Cscript%3Ealert(1)%3C/script%3E", "region"), ("/history?region=Europe&asn=1", "region"),
    ("/history?region=Europe&month=2024-13", "month"), ("/history?month=99999-01", "month"),
    ("/history?asn=" + "1" * 200, "asn"), ("/history?asn=", "asn"), ("/networks/1/history?asn=2", "asn"),
    ("/networks/abc/history", "asn"), ("/history?lang=de", "lang"),
    ("/compare?kind=planet&a=1&b=2", "kind"), ("/compare?kind=region&a=Europe", "b"),
    ("/compare?kind=region&b=Europe", "a"), ("/compare?kind=region&a=Europe&b=%22%3E%3Cimg%3E", "b"),
    ("/compare?kind=month&a=2024-1&b=2024-10&region=Europe", "a"), ("/compare?kind=month&a=2024-09&b=2024-10", "region"),
    ("/compare?kind=month&a=2024-09&b=2024-10&asn=x", "asn"), ("/compare?kind=network&a=1&b=AS-FOO", "b"),
    ("/participants?asn=-1", "asn"), ("/participants?program=isp", "program"), ("/participants?month=2024-00", "month"),
    ("/learn/validation?asn=0", "asn"), ("/learn/validation?asn=58224&month=last", "month"),
    ("/learn?asn=%3Cb%3E", "asn"),
]
for path, param in BAD:
    st, ct, body = get(path)
    try:
        j = json.loads(body)
    except ValueError:
        j = {}
    if st == 400 and ct.startswith("application/json") and j.get("parameter") == param and "<" not in j.get("error", ""):
        ok("400 naming %s: %s" % (param, path[:60]))
    else:
        bad("400 naming %s: %s" % (param, path[:60]), "%d %s" % (st, body[:200]))
for path in ("/learn/bogus", "/networks/1/history/x", "/history/x"):
    st, _, body = get(path)
    same("404: " + path, (st, json.loads(body)), (404, {"error": "no such resource"}))
st, _, body = get("/compare?region=%3Cscript%3Ealert(1)%3C/script%3E&a=&lang=en")
same("an empty parameter is a 400", (st, json.loads(body).get("parameter")), (400, "a"))
st, _, body = get("/compare?region=%3Cscript%3Ealert(1)%3C/script%3E&asn=%22onmouseover=x&lang=en")
same("echoed input is escaped", (st, "<script>alert" in body, "&lt;script&gt;alert(1)&lt;/script&gt;" in body,
     'value="&quot;onmouseover=x"' in body), (200, False, True, True))
st, _, body = get("/history?month=%3Csvg%20onload=x%3E")
same("a hostile month is refused, not echoed", (st, json.loads(body).get("parameter")), (400, "month"))

# ---- members-only: per-network detail needs a key, aggregates do not ----
for path, want in (("/history?asn=58224", 401), ("/networks/58224/history", 401), ("/learn/validation?asn=58224", 401), ("/learn?asn=58224", 401),
                   ("/compare?kind=network&a=58224&b=12455", 401), ("/history?region=Americas", 200),
                   ("/participants", 200), ("/learn/validation", 200)):
    st, _, body = get(path, members)
    same("members-only %s" % path, st, want)

print("client done")
