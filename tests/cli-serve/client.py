#!/usr/bin/env python3
"""HTTP client of tests/cli-serve/run.sh: checks every endpoint of a
running `manrs serve` over real HTTP against the command line's own JSON
(`manrs report ... --json`), the database read independently with Python's
sqlite3, and the OpenAPI document (a small checker for the subset of
OpenAPI 3.0 schemas the document uses: type, nullable, enum, required,
properties, additionalProperties, items, minimum, maximum, pattern, $ref).
Prints PASS/FAIL lines, then "client done".

usage: client.py OPEN_URL MEMBERS_URL MANRS DB OPENAPI KEY REVOKED_KEY TMPDIR"""
import csv
import http.client
import io
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse

open_url, members_url, manrs, db, openapi_path, key, revoked_key, tmp = sys.argv[1:9]
OPENAPI = json.load(open(openapi_path))
npass = nfail = 0


_last = [time.time()]


def check(name, got, want):
    global npass, nfail
    if os.environ.get("CLIENT_TIMING") and time.time() - _last[0] > 1:
        print("TIME %.1f s before %s" % (time.time() - _last[0], name))
    _last[0] = time.time()
    if got == want:
        print("PASS cli-serve", name)
        npass += 1
    else:
        print("FAIL cli-serve %s: got %r, want %r" % (name, got if len(repr(got)) < 400 else repr(got)[:400] + "...", want))
        nfail += 1


def hostport(url):
    u = urllib.parse.urlparse(url)
    return u.hostname, u.port


SECURITY = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
missing_security = []


def get(path, headers=None, base=None, method="GET", body=None):
    """One request on a new connection: (status, headers dict, body bytes)."""
    h, p = hostport(base or open_url)
    c = http.client.HTTPConnection(h, p, timeout=300)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    hd = {k.lower(): v for k, v in r.getheaders()}
    c.close()
    for k, v in SECURITY.items():
        if hd.get(k) != v:
            missing_security.append((path, k))
    return r.status, hd, data


cli_cache = {}


def cli(*args):
    if args not in cli_cache:
        cli_cache[args] = subprocess.run([manrs] + list(args), capture_output=True, check=False).stdout
    return cli_cache[args]


# ---- OpenAPI subset checker ----
def resolve(schema):
    while "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith("#/")
        node = OPENAPI
        for part in ref[2:].split("/"):
            node = node[part]
        schema = node
    return schema


def validate(v, schema, where="$"):
    """Returns a list of problems (empty: valid)."""
    s = resolve(schema)
    if v is None:
        return [] if s.get("nullable") or not s.get("type") else ["%s: null not allowed" % where]
    errs = []
    t = s.get("type")
    types = {"object": dict, "array": list, "string": str, "boolean": bool}
    if t == "integer":
        if not isinstance(v, int) or isinstance(v, bool):
            return ["%s: not an integer: %r" % (where, v)]
    elif t == "number":
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            return ["%s: not a number: %r" % (where, v)]
    elif t in types and not isinstance(v, types[t]):
        return ["%s: not %s: %r" % (where, t, v)]
    if "enum" in s and v not in s["enum"]:
        errs.append("%s: %r not in %r" % (where, v, s["enum"]))
    if "minimum" in s and v < s["minimum"]:
        errs.append("%s: %r < %r" % (where, v, s["minimum"]))
    if "maximum" in s and v > s["maximum"]:
        errs.append("%s: %r > %r" % (where, v, s["maximum"]))
    if "pattern" in s and not re.search(s["pattern"], v):
        errs.append("%s: %r does not match %s" % (where, v, s["pattern"]))
    if t == "object":
        for r in s.get("required", []):
            if r not in v:
                errs.append("%s: missing %s" % (where, r))
        props = s.get("properties", {})
        extra = s.get("additionalProperties", True)
        for k, x in v.items():
            if k in props:
                errs += validate(x, props[k], where + "." + k)
            elif extra is False:
                errs.append("%s: unexpected %s" % (where, k))
            elif isinstance(extra, dict):
                errs += validate(x, extra, where + "." + k)
    if t == "array" and "items" in s:
        for i, x in enumerate(v):
            errs += validate(x, s["items"], "%s[%d]" % (where, i))
    return errs


def op_schema(template, status):
    op = OPENAPI["paths"][template]["get"]
    r = op["responses"].get(str(status))
    if r is None:
        return None
    r = resolve(r)
    return r["content"]["application/json"]["schema"]


validated = {}


def api(path, template, want_status=200, headers=None, base=None):
    """GET path; checks the status, validates a JSON body against the
    document's schema for (template, status); returns (headers, parsed)."""
    st, hd, body = get(path, headers, base)
    check("%s: status" % path, st, want_status)
    parsed = None
    if hd.get("content-type", "").startswith("application/json"):
        parsed = json.loads(body)
        schema = op_schema(template, st)
        if schema is None:
            check("%s: status %d documented" % (path, st), False, True)
        else:
            validated[template] = validated.get(template, 0) + 1
            check("%s: body matches openapi.json" % path, validate(parsed, schema), [])
    return hd, parsed, body


# ---- summary, participants, details: the command line's bytes ----
month = cli("report", "--db", db, "--json", "3329")
month = json.loads(month)["month"]
for q, args in [("region=Americas", ["--region", "Americas"]), ("country=BR", ["--country", "BR"]),
                ("region=south%20america", ["--region", "south america"]), ("participants=true", ["--participants"])]:
    hd, _, body = api("/api/v2/scores/summary?" + q, "/api/v2/scores/summary")
    check("summary %s is manrs report %s --json" % (q, " ".join(args)), body,
          cli("report", "--db", db, "--json", *args))
_, _, body = api("/api/v2/participants", "/api/v2/participants")
want_parts = cli("report", "--db", db, "--json", "--participants")
check("participants is manrs report --participants --json", body, want_parts)
parts = json.loads(body)
check("participants: organisations", [p["organisation"] for p in parts["participants"]],
      ["=Formula Test Net", "Invented CDN", "Invented Carrier, Ltd."])
for asn in (3329, 12455, 13999):
    _, _, body = api("/api/v2/scores/details?asn=%d" % asn, "/api/v2/scores/details")
    check("details AS%d is manrs report %d --json" % (asn, asn), body, cli("report", "--db", db, "--json", str(asn)))
_, _, body = api("/api/v2/scores/details?asn=AS3329&month=" + month, "/api/v2/scores/details")
check("details with AS prefix and month", body, cli("report", "--db", db, "--json", "--month", month, "3329"))
_, _, body = api("/api/v2/scores/details?asn=3329&month=%s-01T00:00:00Z" % month, "/api/v2/scores/details")
check("details with an RFC 3339 month", body, cli("report", "--db", db, "--json", "--month", month, "3329"))
_, err, _ = api("/api/v2/scores/details?asn=3329&month=2001-01", "/api/v2/scores/details", 404)
check("a month without observations: 404, no data loaded", err["error"], "no observations in 2001-01")
_, err, _ = api("/api/v2/prefixes/%s?month=2001-01" % "193.0.0.0/21", "/api/v2/prefixes/{prefix}", 404)
check("prefixes: a month without observations: 404", err["error"], "no observations in 2001-01")
_, err, _ = api("/api/v2/scores/details?asn=64999", "/api/v2/scores/details", 404)
check("unknown AS: 404 with the command line's reason", err["error"],
      "AS64999: unknown: never seen announcing in the database, in no delegated stats or PeeringDB snapshot")

# ---- ases: paging and filters against the scores table ----
con = sqlite3.connect(db)
m = int(month.replace("-", ""))
rows = con.execute("SELECT asn, country, filtering, anti_spoofing, coordination, irr, rpki, filtering_level, "
                   "anti_spoofing_level, coordination_level, irr_level, rpki_level FROM scores WHERE month = ? "
                   "ORDER BY asn", (m,)).fetchall()
ACTIONS = ["filtering", "anti_spoofing", "coordination", "irr", "rpki"]


def fmt_score(x):
    return None if x is None else round(x, 4)


def want_row(r):
    return {"asn": r[0], "country": r[1] or None,
            "actions": {a: {"score": fmt_score(r[2 + i]), "level": r[7 + i]} for i, a in enumerate(ACTIONS)}}


seen = []
page = 1
while True:
    _, d, _ = api("/api/v2/ases?per_page=100&page=%d" % page, "/api/v2/ases")
    seen += d["ases"]
    if d["nextPage"] is None:
        break
    check("ases page %d: nextPage" % page, d["nextPage"], page + 1)
    page += 1
check("ases: pages", page, (len(rows) + 99) // 100)
check("ases: total", d["total"], len(rows))
check("ases: every network once, as in the scores table", [
    {**s, "actions": {a: {"score": fmt_score(v["score"]), "level": v["level"]} for a, v in s["actions"].items()}}
    for s in seen], [want_row(r) for r in rows])
_, d, _ = api("/api/v2/ases?per_page=100&page=%d" % (page + 1), "/api/v2/ases")
check("ases: past the last page", (d["ases"], d["nextPage"]), ([], None))
_, d, _ = api("/api/v2/ases?country=br&per_page=1000", "/api/v2/ases")
check("ases: country filter", [a["asn"] for a in d["ases"]], [r[0] for r in rows if r[1] == "BR"])
_, d, _ = api("/api/v2/ases?region=Americas&per_page=1000", "/api/v2/ases")
_, summ, _ = api("/api/v2/scores/summary?region=Americas", "/api/v2/scores/summary")
check("ases: region filter has the summary's networks", d["total"], summ["networks"])

# ---- ases/{asn}: the history ----
_, d, _ = api("/api/v2/ases/3329", "/api/v2/ases/{asn}")
hist = con.execute("SELECT month, inputs, rpki_level FROM scores WHERE asn = 3329 ORDER BY month").fetchall()
check("ases/3329: months", [(x["month"], x["inputs"], x["actions"]["rpki"]["level"]) for x in d["months"]],
      [("%04d-%02d" % (h[0] // 100, h[0] % 100), h[1], h[2]) for h in hist])
api("/api/v2/ases/64999", "/api/v2/ases/{asn}", 404)

# ---- prefixes: origins from obs_month, RPKI from `manrs rov`, IRR from the report ----
prefs = [r[0] for r in con.execute(
    "SELECT p.prefix FROM obs_month o JOIN prefixes p ON p.id = o.prefix_id WHERE o.month = ? "
    "GROUP BY p.prefix HAVING count(*) > 1 ORDER BY p.prefix LIMIT 2", (m,))]
prefs += [r[0] for r in con.execute(
    "SELECT p.prefix FROM obs_month o JOIN prefixes p ON p.id = o.prefix_id WHERE o.month = ? AND o.origin = 3329 "
    "ORDER BY p.prefix LIMIT 3", (m,))]
vrp_file = "data/rpki/rpki-client_ripe-prepdev_20230504.cut.json.gz"
report = json.loads(cli("report", "--db", db, "--json", "3329"))
unregistered = {(e["prefix"], e["origin"]) for e in report["metrics"]["M7IRR"]["evidence"]}
got_prefix = {}
for p in prefs:
    _, d, _ = api("/api/v2/prefixes/" + p, "/api/v2/prefixes/{prefix}")
    want = con.execute("SELECT o.origin, o.n_peers, o.n_collectors FROM obs_month o JOIN prefixes p ON p.id = o.prefix_id "
                       "WHERE p.prefix = ? AND o.month = ? ORDER BY o.origin", (p, m)).fetchall()
    check("prefix %s: origins as in obs_month" % p, [(o["asn"], o["peers"], o["collectors"]) for o in d["origins"]],
          [tuple(w) for w in want])
    got_prefix[p] = d
routes = "%s/routes.txt" % tmp
with open(routes, "w") as f:
    for p in prefs:
        for o in got_prefix[p]["origins"]:
            f.write("%s %d\n" % (p, o["asn"]))
rov = {tuple(line.split()[:2]): line.split()[2] for line in cli("rov", "--vrps", vrp_file, "--routes", routes).decode().splitlines()}
for p in prefs:
    for o in got_prefix[p]["origins"]:
        check("prefix %s AS%d: rpki as manrs rov" % (p, o["asn"]), o["rpki"], rov.get((p, str(o["asn"]))))
        if o["asn"] == 3329 and o["announced"]:
            check("prefix %s AS3329: irr as the report's evidence" % p, o["irr"] == "not-registered",
                  (p, 3329) in unregistered)
api("/api/v2/prefixes/192.0.2.0/24", "/api/v2/prefixes/{prefix}", 404)

# ---- ETag / If-None-Match ----
st, hd, body = get("/api/v2/scores/summary?region=Americas")
etag = hd.get("etag", "")
check("ETag is a quoted hash", bool(re.fullmatch(r'"[0-9a-f]{16}"', etag)), True)
st2, hd2, body2 = get("/api/v2/scores/summary?region=Americas", {"If-None-Match": etag})
check("If-None-Match: 304, no body, same ETag", (st2, body2, hd2.get("etag")), (304, b"", etag))
st2, _, _ = get("/api/v2/scores/summary?region=Americas", {"If-None-Match": '"0000000000000000", W/' + etag})
check("If-None-Match: a list with the weak form", st2, 304)
st2, _, body2 = get("/api/v2/scores/summary?region=Americas", {"If-None-Match": '"0000000000000000"'})
check("If-None-Match: another tag gets the body", (st2, body2), (200, body))
st2, hd2, _ = get("/api/v2/scores/summary?region=Europe")
check("another answer, another ETag", hd2.get("etag") != etag, True)
st, hd, _ = get("/api/v2/scores/details?asn=3329")
st2, _, _ = get("/api/v2/scores/details?asn=3329", {"If-None-Match": hd["etag"]})
check("304 for a network report", st2, 304)

# ---- CSV ----
st, hd, body = get("/api/v2/scores/summary?region=Americas&format=csv")
check("summary CSV: type", (st, hd.get("content-type")), (200, "text/csv; charset=utf-8"))
rows_csv = list(csv.reader(io.StringIO(body.decode())))
check("summary CSV: header", rows_csv[0], ["action", "mean", "ready", "aspiring", "lagging", "no-data"])
check("summary CSV: values as the JSON",
      [[r[0], r[1]] + [int(x) for x in r[2:]] for r in rows_csv[1:]],
      [[a, "" if v["mean"] is None else str(v["mean"]), v["ready"], v["aspiring"], v["lagging"], v["no-data"]]
       for a, v in summ["actions"].items()])
check("CSV lines end in CRLF", body.endswith(b"\r\n") and body.count(b"\r\n") == len(rows_csv), True)
st, hd, body = get("/api/v2/ases?per_page=7", {"Accept": "text/csv"})
rows_csv = list(csv.reader(io.StringIO(body.decode())))
check("ases CSV by Accept", (hd.get("content-type"), len(rows_csv), rows_csv[0][:3]),
      ("text/csv; charset=utf-8", 8, ["asn", "country", "filtering"]))
check("ases CSV rows", [int(r[0]) for r in rows_csv[1:]], [r[0] for r in rows[:7]])
st, hd, body = get("/api/v2/participants?format=csv")
rows_csv = list(csv.reader(io.StringIO(body.decode())))
check("participants CSV: quoting and formula guard", [r[0] for r in rows_csv[1:]],
      ["'=Formula Test Net", "Invented CDN", "Invented Carrier, Ltd."])
check("participants CSV: ASNs", rows_csv[3][3], "3329 12455")
st, hd, body = get("/api/v2/scores/details?asn=3329&format=csv")
rows_csv = list(csv.reader(io.StringIO(body.decode())))
check("details CSV: one row per metric", (rows_csv[0], sorted(r[0] for r in rows_csv[1:])),
      (["metric", "score", "status", "reason"], sorted(report["metrics"])))
check("details CSV: M7RPKI score", [r[1] for r in rows_csv if r[0] == "M7RPKI"], [str(report["metrics"]["M7RPKI"]["score"])])
st, hd, body = get("/api/v2/ases/3329?format=csv")
check("history CSV", body.decode().split("\r\n")[0].split(",")[:2], ["month", "country"])
st, hd, body = get("/api/v2/prefixes/%s?format=csv" % prefs[0])
check("prefix CSV", body.decode().split("\r\n")[0], "origin,peers,collectors,first_seen,last_seen,announced,rpki,irr,irr_sources")
st, hd, body = get("/api/v2/scores/summary?region=Americas&format=json", {"Accept": "text/csv"})
check("format=json wins over Accept", hd.get("content-type"), "application/json")

# ---- 400s name the parameter ----
for path, tmpl, param in [
        ("/api/v2/ases?page=0", "/api/v2/ases", "page"),
        ("/api/v2/ases?page=x", "/api/v2/ases", "page"),
        ("/api/v2/ases?page=99999999999", "/api/v2/ases", "page"),
        ("/api/v2/ases?per_page=1001", "/api/v2/ases", "per_page"),
        ("/api/v2/ases?per_page=-1", "/api/v2/ases", "per_page"),
        ("/api/v2/ases?country=USA", "/api/v2/ases", "country"),
        ("/api/v2/ases?region=Atlantis", "/api/v2/ases", "region"),
        ("/api/v2/ases?month=2024-13", "/api/v2/ases", "month"),
        ("/api/v2/ases?month=2024-10-01T25:00:00Z", "/api/v2/ases", "month"),
        ("/api/v2/ases?month=", "/api/v2/ases", "month"),
        ("/api/v2/ases?month=" + "9" * 300, "/api/v2/ases", "month"),
        ("/api/v2/ases?format=xml", "/api/v2/ases", "format"),
        ("/api/v2/ases/notanasn", "/api/v2/ases/{asn}", "asn"),
        ("/api/v2/ases/0", "/api/v2/ases/{asn}", "asn"),
        ("/api/v2/ases/4294967296", "/api/v2/ases/{asn}", "asn"),
        ("/api/v2/scores/details", "/api/v2/scores/details", "asn"),
        ("/api/v2/scores/details?asn=AS", "/api/v2/scores/details", "asn"),
        ("/api/v2/scores/details?asn=3329&month=1969-12", "/api/v2/scores/details", "month"),
        ("/api/v2/scores/summary", "/api/v2/scores/summary", "region"),
        ("/api/v2/scores/summary?region=Europe&country=NL", "/api/v2/scores/summary", "country"),
        ("/api/v2/scores/summary?region=%3Cscript%3E", "/api/v2/scores/summary", "region"),
        ("/api/v2/scores/summary?participants=yes", "/api/v2/scores/summary", "participants"),
        ("/api/v2/prefixes/10.0.0.1/8", "/api/v2/prefixes/{prefix}", "prefix"),
        ("/api/v2/prefixes/garbage", "/api/v2/prefixes/{prefix}", "prefix"),
        ("/api/v2/prefixes/10.0.0.0", "/api/v2/prefixes/{prefix}", "prefix"),
        ("/api/v2/prefixes/10.0.0.0/33", "/api/v2/prefixes/{prefix}", "prefix"),
        ("/api/v2/participants?month=July", "/api/v2/participants", "month")]:
    _, e, _ = api(path, tmpl, 400)
    check("%s names %s" % (path[:60], param), e.get("parameter") if e else None, param)
_, e, _ = api("/api/v2/scores/summary?region=%3Cscript%3E", "/api/v2/scores/summary", 400)
check("an error never echoes the value", "script" in json.dumps(e), False)

# ---- 404, 405, 501 ----
for path in ["/api/v2/nope", "/nope", "/api/v2", "/api/v2/ases/3329/x", "/api/v3/ases", "/networks/3329/x"]:
    st, hd, body = get(path)
    check("%s: 404 JSON" % path, (st, hd.get("content-type"), "error" in json.loads(body)), (404, "application/json", True))
# ---- incidents: the objects of `manrs incidents --json` and `manrs incident --json ID` ----
want_inc = json.loads(cli("incidents", "--db", db, "--json"))
check("incidents: the planted ones and the real one", sorted(i["type"] for i in want_inc),
      ["bogon-asn", "bogon-prefix", "moas", "submoas"])
_, d, _ = api("/api/v2/incidents", "/api/v2/incidents")
check("incidents: as manrs incidents --json", (d["incidents"], d["total"], d["nextPage"]), (want_inc, len(want_inc), None))
for q, args in [("type=submoas", ["--type", "submoas"]), ("asn=15169", ["--asn", "15169"]),
                ("asn=AS3491", ["--asn", "3491"]), ("min_suspicion=60", ["--min-suspicion", "60"]),
                ("since=2008-02-24T00:03:00Z&until=2024-01-01", ["--since", "2008-02-24T00:03:00Z", "--until", "2024-01-01"]),
                ("since=1730000000", ["--since", "1730000000"])]:
    _, d, _ = api("/api/v2/incidents?" + q, "/api/v2/incidents")
    check("incidents %s: as manrs incidents %s" % (q, " ".join(args)), [i["id"] for i in d["incidents"]],
          [i["id"] for i in json.loads(cli("incidents", "--db", db, "--json", *args))])
paged = []
for page in range(1, len(want_inc) + 1):
    _, d, _ = api("/api/v2/incidents?per_page=1&page=%d" % page, "/api/v2/incidents")
    paged += d["incidents"]
    check("incidents page %d: nextPage" % page, d["nextPage"], page + 1 if page < len(want_inc) else None)
check("incidents: paging one by one gives them all in order", paged, want_inc)
for inc in want_inc:
    _, _, body = api("/api/v2/incidents/" + inc["id"], "/api/v2/incidents/{id}")
    check("incident %s is manrs incident --json" % inc["id"][:20], body, cli("incident", "--db", db, "--json", inc["id"]))
st, hd, body = get("/api/v2/incidents?format=csv")
rows_csv = list(csv.reader(io.StringIO(body.decode())))
check("incidents CSV", (rows_csv[0][:3], [r[0] for r in rows_csv[1:]]), (["id", "type", "start"], [i["id"] for i in want_inc]))
sub = [i for i in want_inc if i["type"] == "submoas"][0]
st, hd, body = get("/api/v2/incidents/%s?format=csv" % sub["id"])
rows_csv = list(csv.reader(io.StringIO(body.decode())))
full = json.loads(cli("incident", "--db", db, "--json", sub["id"]))
check("incident CSV: the timeline", (rows_csv[0], len(rows_csv) - 1),
      (["time", "collector", "peer_ip", "peer_asn", "prefix", "event", "path"], len(full["timeline"])))
api("/api/v2/incidents/moas-0-0-0", "/api/v2/incidents/{id}", 404)
for path, param in [("/api/v2/incidents?type=hijack", "type"), ("/api/v2/incidents?min_suspicion=101", "min_suspicion"),
                    ("/api/v2/incidents?since=yesterday", "since"), ("/api/v2/incidents?until=2024-13-01", "until"),
                    ("/api/v2/incidents?asn=x", "asn"), ("/api/v2/incidents?per_page=0", "per_page"),
                    ("/api/v2/incidents/bad!id", "id"), ("/api/v2/incidents/" + "a" * 64, "id")]:
    _, e, _ = api(path, "/api/v2/incidents/{id}" if "/incidents/" in path else "/api/v2/incidents", 400)
    check("%s names %s" % (path[:50], param), e.get("parameter") if e else None, param)
st, hd, body = get("/api/v2/ases", method="POST", body=b"x=1")
check("POST: 405 with Allow", (st, hd.get("allow")), (405, "GET, HEAD"))
st, hd, body = get("/api/v2/ases", method="DELETE")
check("DELETE: 405", st, 405)
st, hd, body = get("/api/v2/scores/summary?region=Americas", method="HEAD")
check("HEAD: headers, no body", (st, body, hd.get("content-type")), (200, b"", "application/json"))

# ---- hostile requests over raw sockets ----
def raw(data, base=None, read_all=True):
    h, p = hostport(base or open_url)
    s = socket.create_connection((h, p), timeout=10)
    try:
        s.sendall(data)
    except OSError:
        pass
    out = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
            if not read_all and b"\r\n\r\n" in out:
                break
    except OSError:
        pass
    s.close()
    return out


def status_of(resp):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", resp)
    return int(m.group(1)) if m else None


def req(target, extra=b""):
    return b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + extra + b"\r\n"



# ---- HTML pages: languages, tables, escaping, static assets ----
import html.parser


class Page(html.parser.HTMLParser):
    """Collects the tables (rows of cell texts) per section id, the html
    lang, scripts and inline styles, and checks that tags balance."""
    VOID = {"meta", "link", "input", "br", "img"}

    def __init__(self):
        super().__init__()
        self.lang = None
        self.stack = []
        self.unbalanced = []
        self.scripts = 0
        self.inline = 0
        self.section = None
        self.tables = {}
        self.cell = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        # Only the bundle of web/ (/static/app.js): no inline or foreign script.
        if tag == "script" and not (a.get("src") or "").startswith("/static/"):
            self.scripts += 1
        if "style" in a or any(k.startswith("on") for k in a):
            self.inline += 1
        if tag == "section":
            self.section = a.get("id")
        if tag == "tr":
            self.tables.setdefault(self.section, []).append([])
        if tag in ("td", "th"):
            self.cell = ""
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[self.section][-1].append(self.cell.strip())
            self.cell = None
        if not self.stack or self.stack[-1] != tag:
            self.unbalanced.append(tag)
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self.cell is not None:
            self.cell += data


def page(path, headers=None, base=None, want=200):
    st, hd, body = get(path, headers, base)
    check("page %s: status" % path, st, want)
    if want != 200:
        check("page %s: a JSON error" % path, "error" in json.loads(body), True)
        return None
    p = Page()
    p.feed(body.decode())
    p.close()
    check("page %s: HTML, balanced, no script, no inline style or handler" % path,
          (hd.get("content-type"), p.unbalanced, p.stack, p.scripts, p.inline),
          ("text/html; charset=utf-8", [], [], 0, 0))
    keys = {line.split("\t")[0] for line in open(openapi_path.replace("openapi.json", "i18n/en.tsv"))
            if "\t" in line and not line.startswith("#")}
    raw_keys = sorted(k for k in keys if "_" in k and k in "".join(p.text))
    check("page %s: no catalogue key shown raw" % path, raw_keys, [])
    return p


es_t = {}
for _lang in ("en", "es", "fr"):
    es_t[_lang] = {line.split("\t")[0]: line.rstrip("\n").split("\t", 1)[1]
                   for line in open(openapi_path.replace("openapi.json", "i18n/%s.tsv" % _lang), encoding="utf-8")
                   if "\t" in line and not line.startswith("#")}


def loc(v, lang):
    if v is None:
        return "\u2013"
    t = repr(v) if isinstance(v, float) else str(v)
    return t.replace(".", ",") if lang != "en" else t


for hdrs, q, want in [({}, "", "en"), ({}, "?lang=es", "es"), ({}, "?lang=fr", "fr"),
                      ({"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.8"}, "", "fr"),
                      ({"Accept-Language": "de, es;q=0.5"}, "", "es"),
                      ({"Accept-Language": "es;q=0, fr"}, "", "fr"),
                      ({"Accept-Language": "es"}, "?lang=en", "en"),
                      ({"Accept-Language": "x" * 3000}, "", "en")]:
    p = page("/" + q, hdrs)
    check("overview %s %s: language" % (q, hdrs and list(hdrs.values())[0][:20]), p.lang, want)
    for region in ("Americas", "Europe"):
        agg = json.loads(cli("report", "--db", db, "--json", "--region", region))
        rows_html = p.tables.get("region-" + region, [])[1:]
        check("overview %s (%s): every number as manrs report --region" % (region, want),
              [r[1:] for r in rows_html],
              [[loc(v["mean"], want), str(v["ready"]), str(v["aspiring"]), str(v["lagging"]), str(v["no-data"])]
               for v in agg["actions"].values()])
es = page("/?lang=es")
check("overview in Spanish: the catalogue's words", ("Preparación por región" in "".join(es.text),
      es.tables["region-Americas"][0][:3]), (True, ["Acción", "Puntuación media", "Preparado"]))
_, e, _ = api("/?lang=de", "/api/v2/ases", 400)
check("page: lang=de is a 400 naming lang", e and e.get("parameter"), "lang")
for lang in ("en", "es", "fr"):
    p = page("/networks/3329?lang=" + lang)
    check("network page (%s): language" % lang, p.lang, lang)
    metrics = p.tables["metrics"][1:]
    check("network page (%s): every metric's score" % lang, [(r[0], r[1]) for r in metrics],
          [(k, loc(v["score"], lang)) for k, v in report["metrics"].items()])
    check("network page (%s): every Action" % lang, [r[1] for r in p.tables["actions"][1:]],
          [loc(v["score"], lang) for v in report["actions"].values()])
    ev = report["metrics"]["M7IRR"]["evidence"]
    check("network page (%s): M7IRR evidence rows with their fixes" % lang,
          [(r[0], r[3]) for r in p.tables.get("evidence-M7IRR", [])[1:]],
          [(x["prefix"], x["fix"].strip()) for x in ev])
st1, _, b1 = get("/networks/3329?lang=fr")
st2, _, b2 = get("/networks?asn=3329&lang=fr")
check("/networks?asn= is /networks/ASN", (st2, b2), (st1, b1))
check("network page: JSON and CSV export links", (b'href="/api/v2/scores/details?asn=3329&amp;month=' + month.encode() + b'"' in b1,
      b"&amp;format=csv" in b1), (True, True))
page("/networks/notanasn", want=400)
page("/networks/64999", want=404)
st, _, _ = get("/networks/3329", base=members_url)
check("network page: members only", st, 401)
time.sleep(1.2)
for lang in ("en", "es", "fr"):
    p = page("/incidents?lang=" + lang)
    check("incidents page (%s): every incident, in order" % lang,
          [(r[0], r[1]) for r in p.tables["incidents"][1:]], [(i["id"], i["type"]) for i in want_inc])
    p = page("/incidents/%s?lang=%s" % (sub["id"], lang))
    rows_sum = {r[0]: r[1] for r in p.tables["summary"]}
    check("incident page (%s): suspicion and culprit" % lang,
          (rows_sum.get(es_t[lang]["suspicion"]), rows_sum.get(es_t[lang]["culprit"])),
          (str(full["suspicion"]), "AS%d" % full["culprit_asn"]))
    check("incident page (%s): the rules behind the score" % lang, [r[0] for r in p.tables["rules"][1:]],
          [r["rule"] for r in full["rules"]])
    check("incident page (%s): visibility per peer" % lang, [(r[0], r[1], r[2]) for r in p.tables["visibility"][1:]],
          [(v["collector"], v["peer_ip"], str(v["peer_asn"])) for v in full["visibility"]])
    check("incident page (%s): the timeline" % lang, [(r[0], r[4], r[5]) for r in p.tables["timeline"][1:]],
          [(e["time"], e["prefix"], e["event"]) for e in full["timeline"]])
page("/incidents/moas-0-0-0", want=404)
page("/incidents/bad!id", want=400)
st, hd, body = get("/static/style.css")
check("static asset", (st, hd.get("content-type"), body[:2]), (200, "text/css; charset=utf-8", b"/*"))
for target, want in [(b"/static/nope.css", 404), (b"/static/../api/v2/openapi.json", 400),
                     (b"/static/%2e%2e/%2e%2e/etc/passwd", 400), (b"/static/", 404),
                     (b"/static/style.css%00.png", 400), (b"/static//etc/passwd", 400)]:
    check("static %s" % target.decode(), status_of(raw(req(target))), want)

# ---- the OpenAPI document itself ----
st, hd, body = get("/api/v2/openapi.json")
check("openapi.json served as built in", (st, json.loads(body)), (200, OPENAPI))
check("every JSON endpoint validated", sorted(validated), sorted(
    p for p in OPENAPI["paths"] if p != "/api/v2/openapi.json"))


for target, want in [(b"/../etc/passwd", 400), (b"/api/v2/../../etc/passwd", 400),
                     (b"/api/v2/%2e%2e/%2e%2e/etc/passwd", 400), (b"/api/v2/%2E%2E/openapi.json", 400),
                     (b"/api/v2/ases%00.json", 400), (b"/api/v2/ases/3329%00", 400),
                     (b"/api/v2//ases", 400), (b"/api/v2/./ases", 400), (b"/api/v2/ases%5c..%5c", 400),
                     (b"/api/v2/ases/%ff%fe", 400), (b"/api/v2/ases?region=%00", 400),
                     (b"/" + b"a" * 3000, 414)]:
    resp = raw(req(target))
    check("hostile path %s" % target[:40].decode(), status_of(resp), want)
    if want == 400 and status_of(resp) == 400 and b"?" not in target:
        body = resp.split(b"\r\n\r\n", 1)[1]
        check("hostile path %s: JSON naming path" % target[:40].decode(), json.loads(body).get("parameter"), "path")
check("security headers on hostile answers", b"X-Content-Type-Options: nosniff" in raw(req(b"/../x")), True)
resp = raw(req(b"/" + b"a" * 100000))
check("a 100 KB request target is refused", status_of(resp) in (414, 431, 400), True)
resp = raw(req(b"/api/v2/ases", b"X-Big: " + b"b" * 100000 + b"\r\n"))
check("a 100 KB header is refused", status_of(resp) in (431, 400, 413), True)
resp = raw(req(b"/api/v2/ases", b"".join(b"X-H%d: v\r\n" % i for i in range(5000))))
check("5,000 headers are refused", status_of(resp) in (431, 400, 413), True)
resp = raw(b"GET /api/v2/openapi.json HTTP/1.1\r\nHost: x\r\nX-Bad: a\x00b\r\nConnection: close\r\n\r\n")
check("a NUL in a header is refused or ignored, never a crash", status_of(resp) in (200, 400), True)
resp = raw(b"GET /api/v2/openapi.json HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + b"k" * 5000 +
           b"\r\nIf-None-Match: " + b"\"" * 3000 + b"\r\nAccept: " + b"text/csv," * 500 + b"\r\nConnection: close\r\n\r\n")
check("hostile Authorization, If-None-Match, Accept", status_of(resp), 200)
resp = raw(b"GARBAGE\r\n\r\n")
check("a request line that is not HTTP", status_of(resp) in (400, 505, None), True)
resp = raw(req(b"/api/v2/ases", b"Content-Length: 10000000\r\n"), read_all=False)
check("a declared 10 MB body: 413 before reading it", status_of(resp), 413)
resp = raw(b"GET /api/v2/ases HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\nConnection: close\r\n\r\n" + b"z" * 70000)
check("a 70 KB body: 413", status_of(resp), 413)
big = b"".join(b"%x\r\n%s\r\n" % (8192, b"c" * 8192) for _ in range(10)) + b"0\r\n\r\n"
resp = raw(b"POST /api/v2/ases HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + big)
check("an 80 KB chunked body: the connection is closed, no answer", status_of(resp), None)
check("the server goes on after it", get("/api/v2/openapi.json")[0], 200)
resp = raw(b"GET /api/v2/ases HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nabcde")
check("a small body on GET is read and ignored", status_of(resp), 200)
# Log lines cannot be forged: a quote and a backslash in the target.
raw(req(b'/api/v2/x"y\\z'))

# ---- keep-alive: several requests on one connection ----
h, p = hostport(open_url)
c = http.client.HTTPConnection(h, p, timeout=10)
socks = set()
for _ in range(3):
    c.request("GET", "/api/v2/scores/summary?region=Americas&marker=log")
    r = c.getresponse()
    r.read()
    socks.add(id(c.sock))
check("keep-alive: three requests, one connection", (r.status, len(socks)), (200, 1))
c.close()

# ---- members only ----
for path, tmpl in [("/api/v2/ases", "/api/v2/ases"), ("/api/v2/ases/3329", "/api/v2/ases/{asn}"),
                   ("/api/v2/scores/details?asn=3329", "/api/v2/scores/details")]:
    st, hd, body = get(path, base=members_url)
    check("members only: %s without a key: 401" % path, (st, hd.get("www-authenticate")), (401, 'Bearer realm="manrs"'))
    st, hd, body = get(path, {"Authorization": "Bearer " + key}, base=members_url)
    check("members only: %s with a key: 200" % path, st, 200)
    st, _, _ = get(path, {"Authorization": "Bearer " + revoked_key}, base=members_url)
    check("members only: %s with a revoked key: 401" % path, st, 401)
    time.sleep(1.2)  # the members server allows 5 requests per second
st, _, _ = get("/api/v2/ases", {"Authorization": "Bearer " + key[:-1] + ("0" if key[-1] != "0" else "1")}, base=members_url)
check("members only: a wrong secret: 401", st, 401)
st, _, _ = get("/api/v2/ases", {"Authorization": "Bearer mk_zz"}, base=members_url)
check("members only: a malformed key: 401", st, 401)
st, _, body = get("/api/v2/scores/summary?region=Americas", base=members_url)
check("members only: aggregates stay open", (st, body), (200, cli("report", "--db", db, "--json", "--region", "Americas")))
st, _, _ = get("/api/v2/participants", base=members_url)
check("members only: participants stay open", st, 200)
time.sleep(1.2)

# ---- rate limit (5 per second on the members server) ----
codes = [get("/api/v2/openapi.json", base=members_url) for _ in range(12)]
statuses = [c[0] for c in codes]
check("rate limit: the first 5 pass", statuses[:5], [200] * 5)
check("rate limit: then 429 with Retry-After", (statuses[-1], codes[-1][1].get("retry-after")), (429, "1"))
time.sleep(1.2)
check("rate limit: tokens come back", get("/api/v2/openapi.json", base=members_url)[0], 200)

# ---- connections per client (4 on the members server) ----
time.sleep(1.2)
h, p = hostport(members_url)
held = [socket.create_connection((h, p), timeout=5) for _ in range(6)]
time.sleep(0.3)
answers = []
for s in held:
    try:
        s.sendall(req(b"/api/v2/openapi.json"))
        answers.append(status_of(s.recv(100)))
    except OSError:
        answers.append(None)
    s.close()
check("per-client connection limit: 4 served, 2 refused", (answers[:4], answers[4:]), ([200] * 4, [None, None]))

check("security headers on every answer", missing_security, [])
print("client done")
