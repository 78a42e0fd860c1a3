#!/usr/bin/env python3
"""HTTP client of tests/cli-feedback/run.sh: feedback on incidents through
a running `manrs serve`, as a browser would send it (get the incident page,
take its form cookie and CSRF token, POST the form), and as hostile clients
would (no token, wrong token, another form's token, a re-dated token, no or
another cookie, an expired token, bodies over the cap, malformed forms,
wrong media types, a flood). Each answer is checked exactly, the store is
read back with `manrs feedback list --json`, and the incident JSON of the
API is checked against web/openapi.json and `manrs incident --json`.
Prints PASS/FAIL lines, then "client done".

usage: client.py URL SHORT_URL MANRS DB OPENAPI SUB_ID MOAS_ID"""
import http.client
import json
import re
import socket
import subprocess
import sys
import time
import urllib.parse

url, short_url, manrs, db, openapi_path, SUB, MOAS = sys.argv[1:8]
OPENAPI = json.load(open(openapi_path))
npass = nfail = 0


def check(name, got, want):
    global npass, nfail
    if got == want:
        print("PASS cli-feedback", name)
        npass += 1
    else:
        print("FAIL cli-feedback %s: got %r, want %r" % (name, got if len(repr(got)) < 600 else repr(got)[:600] + "...", want))
        nfail += 1


def hostport(u):
    p = urllib.parse.urlparse(u)
    return p.hostname, p.port


def request(method, path, body=None, headers=None, base=None):
    h, p = hostport(base or url)
    c = http.client.HTTPConnection(h, p, timeout=20)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    hd = {k.lower(): v for k, v in r.getheaders()}
    c.close()
    return r.status, hd, data


def page(path, cookie=None, base=None):
    """GET an incident page: (status, headers, text, cookie, token)."""
    st, hd, data = request("GET", path, headers={"Cookie": cookie} if cookie else {}, base=base)
    text = data.decode("utf-8")
    sc = hd.get("set-cookie")
    if sc:
        cookie = sc.split(";")[0]
    m = re.search(r'<input type="hidden" name="csrf" value="([^"]*)">', text)
    return st, hd, text, cookie, m.group(1) if m else None


FORM = "application/x-www-form-urlencoded"


def post(iid, fields, cookie, ctype=FORM, base=None, raw_body=None):
    body = raw_body if raw_body is not None else urllib.parse.urlencode(fields).encode()
    headers = {"Content-Type": ctype} if ctype else {}
    if cookie:
        headers["Cookie"] = cookie
    st, hd, data = request("POST", "/incidents/%s/feedback" % iid, body=body, headers=headers, base=base)
    try:
        j = json.loads(data)
    except ValueError:
        j = data
    return st, hd, j


def cli(*args, env=None):
    r = subprocess.run([manrs] + list(args), capture_output=True, text=True, env=env)
    return r.returncode, r.stdout, r.stderr


def feedback_list(*args):
    rc, out, err = cli("feedback", "list", "--db", db, "--json", *args)
    return json.loads(out) if rc == 0 else (rc, err)


def resolve(s):
    while "$ref" in s:
        s = OPENAPI["components"]["schemas"][s["$ref"].split("/")[-1]]
    return s


def validate(v, schema, where="$"):
    """The subset of OpenAPI 3.0 schemas web/openapi.json uses."""
    s = resolve(schema)
    if v is None:
        return [] if s.get("nullable") or not s.get("type") else ["%s: null" % where]
    t = s.get("type")
    types = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int}
    if t in types and (not isinstance(v, types[t]) or (t == "integer" and isinstance(v, bool))):
        return ["%s: not %s" % (where, t)]
    errs = []
    if "enum" in s and v not in s["enum"]:
        errs.append("%s: %r not in enum" % (where, v))
    if "minimum" in s and v < s["minimum"]:
        errs.append("%s: below minimum" % where)
    if t == "object":
        errs += ["%s: missing %s" % (where, r) for r in s.get("required", []) if r not in v]
        for k, x in v.items():
            if k in s.get("properties", {}):
                errs += validate(x, s["properties"][k], where + "." + k)
            elif s.get("additionalProperties", True) is False:
                errs.append("%s: unexpected %s" % (where, k))
    if t == "array":
        for i, x in enumerate(v):
            errs += validate(x, s.get("items", {}), "%s[%d]" % (where, i))
    return errs


def section(text, sid):
    m = re.search(r'<(section|div|p)[^>]* id="%s"[^>]*>(.*?)</\1>' % sid, text, re.S)
    return m.group(2) if m else None


def rows(html):
    """The body rows of the first table in html, as lists of cell texts."""
    if html is None:
        return None
    body = html.split("<tbody>", 1)[1] if "<tbody>" in html else ""
    out = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        out.append([re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)])
    return out


TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

# ---- the page: cookie, token, form ----
st, hd, text, cookie, token = page("/incidents/%s" % SUB)
check("page: 200", st, 200)
check("page: the form cookie, SameSite=Strict and HttpOnly",
      re.sub(r"=[0-9a-f]{32};", "=HEX;", hd.get("set-cookie", "")), "manrs_csrf=HEX; Path=/; SameSite=Strict; HttpOnly")
check("page: not stored by caches, no ETag (it holds a token)", (hd.get("cache-control"), hd.get("etag")), ("no-store", None))
check("page: a token TIME-HMAC", bool(token and re.match(r"^\d{10}-[0-9a-f]{64}$", token)), True)
check("page: the form posts to the incident's feedback", '<form method="post" action="/incidents/%s/feedback">' % SUB in text, True)
check("page: no feedback yet", re.sub(r"<[^>]+>", "", section(text, "feedback") or "").count("No feedback yet."), 1)
check("page: verdict radios, ASN, comment, contact",
      sorted(re.findall(r'name="(verdict|asn|comment|contact)"', text)), ["asn", "comment", "contact", "verdict", "verdict"])
# Only the bundle of web/ (/static/app.js): no inline or foreign script.
check("page: no inline or foreign script in the page", (bool(re.search(r'<script(?![^>]*\bsrc="/static/)', text)), " on" + "submit=" in text, "style=" in text), (False, False, False))
st, hd2, _, cookie2, token2 = page("/incidents/%s" % SUB, cookie)
check("page with our cookie: no new cookie", (st, hd2.get("set-cookie"), cookie2), (200, None, cookie))
st, _, _, c3, _ = page("/incidents/%s" % SUB, "manrs_csrf=not-ours")
check("page with a cookie not of our form: a new one", (st, c3 != "manrs_csrf=not-ours" and len(c3) == 11 + 32), (200, True))

# ---- a valid submission ----
evil = "<script>alert(1)</script> & \"planned\" 'move'\nline two \u00e9"
st, hd, j = post(SUB, {"csrf": token, "verdict": "valid", "asn": "17557", "comment": evil,
                       "contact": "noc@example.net", "lang": "fr"}, cookie)
check("POST: 303 to the incident page, in the form's language",
      (st, hd.get("location")), (303, "/incidents/%s?lang=fr&feedback=1#feedback" % SUB))
check("POST: the answer names the feedback", j, {"id": 1, "status": "pending"})
fl = feedback_list()
check("feedback list --json: one, pending", [(f["id"], f["incident"], f["asn"], f["verdict"], f["comment"], f["contact"],
                                             f["status"], f["reviewer"], f["reviewed"], f["review_note"]) for f in fl],
      [(1, SUB, 17557, "valid", evil, "noc@example.net", "pending", None, None, None)])
created = fl[0]["created"]
check("feedback list --json: created in UTC", bool(TIME.match(created)), True)
check("feedback list --json: the trail starts with the submission", fl[0]["trail"],
      [{"time": created, "status": "pending", "by": "AS17557", "note": None}])

st, hd, text, _, _ = page("/incidents/%s?lang=fr&feedback=1" % SUB, cookie)
check("after the redirect: received, pending review", section(text, "feedback-received"),
      "#1: retour reçu, en attente d&#39;examen")
check("comment: HTML escaped on the page",
      ("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;planned&quot; &#39;move&#39;\nline two \u00e9" in text,
       "<script>alert" in text), (True, False))
check("contact: never published", "noc@example.net" in text, False)
check("page: the feedback and its status", [r[:3] + r[4:] for r in rows(section(text, "feedback-list"))],
      [["1", "AS17557", "un changement de routage légitime", created, "en attente", "\u2013", "\u2013", "\u2013"]])
st, _, text_en, _, _ = page("/incidents/%s?feedback=1" % SUB, cookie)
check("notice in English", section(text_en, "feedback-received"), "#1: feedback received, pending review")
st, _, text_x, _, _ = page("/incidents/%s?feedback=99" % SUB, cookie)
check("no notice for another feedback id", section(text_x, "feedback-received"), None)

# ---- the API and the command line: the same feedback array ----
st, hd, data = request("GET", "/api/v2/incidents/%s" % SUB)
inc = json.loads(data)
check("API: the feedback array", inc["feedback"],
      [{"id": 1, "asn": 17557, "verdict": "valid", "comment": evil, "created": created, "status": "pending",
        "reviewer": None, "reviewed": None, "review_note": None,
        "trail": [{"time": created, "status": "pending", "by": "AS17557", "note": None}]}])
check("API: the incident matches openapi.json",
      validate(inc, OPENAPI["paths"]["/api/v2/incidents/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]), [])
check("API: byte for byte manrs incident --json", data.decode(), cli("incident", "--db", db, "--json", SUB)[1])
check("API: no contact anywhere", "noc@example.net" in data.decode(), False)

# ---- CSRF: every way of getting it wrong is 403, and records nothing ----
good = {"verdict": "incident", "asn": "17557", "comment": "x"}
_, _, _, _, moas_token = page("/incidents/%s" % MOAS, cookie)
redated = str(int(token.split("-")[0]) - 1) + "-" + token.split("-")[1]
other_cookie = "manrs_csrf=" + "0123456789abcdef" * 2
for name, fields, ck, reason in [
        ("no token", dict(good), cookie, "csrf: no token in the form"),
        ("an empty token", dict(good, csrf=""), cookie, "csrf: no token in the form"),
        ("a wrong token", dict(good, csrf=token.split("-")[0] + "-" + "ab" * 32), cookie, "csrf: token not valid for this form"),
        ("another form's token", dict(good, csrf=moas_token), cookie, "csrf: token not valid for this form"),
        ("a re-dated token", dict(good, csrf=redated), cookie, "csrf: token not valid for this form"),
        ("a malformed token", dict(good, csrf="abc"), cookie, "csrf: malformed token"),
        ("no cookie", dict(good, csrf=token), None, "csrf: no form cookie (manrs_csrf): reload the page"),
        ("a cookie not of our form", dict(good, csrf=token), "manrs_csrf=zz", "csrf: no form cookie (manrs_csrf): reload the page"),
        ("another cookie", dict(good, csrf=token), other_cookie, "csrf: token not valid for this form")]:
    st, hd, j = post(SUB, fields, ck)
    check("403: %s" % name, (st, j), (403, {"error": reason, "parameter": "csrf"}))
check("nothing recorded by the refused posts", len(feedback_list()), 1)

# ---- sizes: the body cap ----
h, p = hostport(url)


def raw(data, read_all=True):
    s = socket.create_connection((h, p), timeout=20)
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


def head(n_body, extra=b""):
    return (b"POST /incidents/" + SUB.encode() + b"/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: " + FORM.encode() +
            b"\r\nCookie: " + cookie.encode() + b"\r\nContent-Length: %d\r\nConnection: close\r\n" % n_body + extra + b"\r\n")


base = urllib.parse.urlencode({"csrf": token, "verdict": "valid", "asn": "17557"}).encode() + b"&comment="
body = base + b"a" * (8192 - len(base))
check("a body of exactly 8 KiB is read (then its 2,001+ byte comment is refused)",
      json.loads(raw(head(len(body)) + body).split(b"\r\n\r\n", 1)[1]),
      {"error": "comment: longer than 2000 bytes", "parameter": "comment"})
body = base + b"a" * (8193 - len(base))
resp = raw(head(len(body)) + body)
check("8 KiB + 1: 413", (status_of(resp), json.loads(resp.split(b"\r\n\r\n", 1)[1])),
      (413, {"error": "request body too large"}))
resp = raw(head(10000000), read_all=False)
check("a declared 10 MB body: 413 before reading it", status_of(resp), 413)
chunked = (b"POST /incidents/" + SUB.encode() + b"/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: " + FORM.encode() +
           b"\r\nCookie: " + cookie.encode() + b"\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
           b"".join(b"%x\r\n%s\r\n" % (4096, b"c" * 4096) for _ in range(4)) + b"0\r\n\r\n")
check("a 16 KiB chunked body: the connection is closed, no answer", status_of(raw(chunked)), None)
check("nothing recorded by the oversized posts", len(feedback_list()), 1)

# ---- fields: 400 naming the field ----
ok = {"csrf": token, "verdict": "valid", "asn": "17557"}
for name, fields, raw_body, want in [
        ("verdict maybe", dict(ok, verdict="maybe"), None, ("verdict: incident or valid", "verdict")),
        ("no verdict", {"csrf": token, "asn": "17557"}, None, ("verdict: incident or valid", "verdict")),
        ("asn x", dict(ok, asn="x"), None, ("asn: not an AS number", "asn")),
        ("asn 0", dict(ok, asn="0"), None, ("asn: not an AS number", "asn")),
        ("asn 2^32", dict(ok, asn="4294967296"), None, ("asn: not an AS number", "asn")),
        ("asn of 40 digits", dict(ok, asn="1" * 40), None, ("asn: not an AS number", "asn")),
        ("an AS not involved", dict(ok, asn="AS64500"), None,
         ("asn: AS64500 is not involved in this incident (culprit, victim or accomplice)", "asn")),
        ("comment of 2,001 bytes", dict(ok, comment="c" * 2001), None, ("comment: longer than 2000 bytes", "comment")),
        ("comment not UTF-8", None, urllib.parse.urlencode(ok).encode() + b"&comment=%FF%FE", ("comment: not UTF-8 text", "comment")),
        ("comment with a control byte", dict(ok, comment="a\x1bb"), None, ("comment: not UTF-8 text", "comment")),
        ("contact of two lines", dict(ok, contact="a\nBcc: x"), None, ("contact: not one line of UTF-8 text", "contact")),
        ("contact of 257 bytes", dict(ok, contact="c" * 257), None, ("contact: longer than 256 bytes", "contact")),
        ("lang de", dict(ok, lang="de"), None, ("lang: en, es or fr", "lang")),
        ("an unknown field", dict(ok, evil="1"), None, ("evil: unknown field", "evil")),
        ("an unknown field with markup", None, urllib.parse.urlencode(ok).encode() + b"&%3Cb%3E=1", ("body: unknown field", "body")),
        ("a field twice", None, urllib.parse.urlencode(ok).encode() + b"&verdict=incident", ("verdict: given twice", "verdict")),
        ("a malformed escape", None, urllib.parse.urlencode(ok).encode() + b"&comment=%zz", ("body: malformed %-escape or %00", "body")),
        ("%00", None, urllib.parse.urlencode(ok).encode() + b"&comment=a%00b", ("body: malformed %-escape or %00", "body")),
        ("a raw NUL", None, urllib.parse.urlencode(ok).encode() + b"&comment=a\x00b", ("body: a NUL byte", "body"))]:
    st, hd, j = post(SUB, fields, cookie, raw_body=raw_body)
    check("400: %s" % name, (st, j), (400, {"error": want[0], "parameter": want[1]}))
st, hd, j = post(SUB, ok, cookie, ctype="text/plain")
check("415: text/plain", (st, j), (415, {"error": "Content-Type must be application/x-www-form-urlencoded"}))
st, hd, j = post(SUB, ok, cookie, ctype="multipart/form-data; boundary=x")
check("415: multipart", st, 415)
st, hd, j = post(SUB, ok, cookie, ctype=None)
check("415: no Content-Type", st, 415)
st, hd, j = post(SUB, ok, cookie, ctype=FORM + "; charset=UTF-8", raw_body=b"csrf=" + token.encode() + b"&verdict=incident&asn=36561")
check("a charset parameter is fine: 303", (st, hd.get("location")), (303, "/incidents/%s?lang=en&feedback=2#feedback" % SUB))
st, hd, j = post("bad!id", ok, cookie)
check("400: a malformed incident id", (st, j), (400, {"error": "id: letters, digits and '-'", "parameter": "id"}))
st, hd, _ = request("PUT", "/incidents/%s/feedback" % SUB, body=b"x", headers={"Content-Type": FORM})
check("PUT: 405", (st, hd.get("allow")), (405, "GET, HEAD"))
st, _, _ = request("GET", "/incidents/%s/feedback" % SUB)
check("GET on the form's action: 404", st, 404)
st, hd, j = post(MOAS, {"csrf": moas_token, "verdict": "valid", "asn": "4134"}, cookie)
check("feedback on another incident: 303", (st, j), (303, {"id": 3, "status": "pending"}))
check("list: three pending", [(f["id"], f["asn"], f["verdict"], f["status"]) for f in feedback_list("--status", "pending")],
      [(1, 17557, "valid", "pending"), (2, 36561, "incident", "pending"), (3, 4134, "valid", "pending")])
check("list --incident", [f["id"] for f in feedback_list("--incident", SUB)], [1, 2])

# ---- the short server: an expired token, then the POST rate limit ----
st, _, _, sc, stoken = page("/incidents/%s" % SUB, base=short_url)
check("short server: page", (st, bool(stoken)), (200, True))
time.sleep(2.5)   # past its --csrf-ttl 1
st, hd, j = post(SUB, {"csrf": stoken, "verdict": "valid", "asn": "17557"}, sc, base=short_url)
check("403: an expired token", (st, j), (403, {"error": "csrf: expired token: reload the page", "parameter": "csrf"}))
st, hd, j = post(SUB, {"csrf": stoken, "verdict": "valid", "asn": "17557"}, sc, base=short_url)
check("429: the second POST within a minute (--post-rate 1)", (st, hd.get("retry-after"), j),
      (429, "61", {"error": "too many form submissions"}))
st, _, _, _, _ = page("/incidents/%s" % SUB, base=short_url)
check("pages are not limited by the POST limit", st, 200)
check("nothing recorded by the short server", len(feedback_list()), 3)

print("client done")
sys.exit(0)
