// The browser half of tests/e2e/run.sh: drives Debian's Chromium through
// playwright-core (web/package-lock.json) against a running `manrs serve`.
// For each language (en, es, fr) it loads the overview, every page linked
// from the header navigation (so pages added later are covered without
// editing this file), a network report reached through the overview's
// look-up form and an incident reached from the incidents list, and checks
// that every table marked for app.js (data-chart, data-map, data-graph) got
// its drawing. Any console error (CSP violations are reported there), page
// error, failed request or HTTP status >= 400 fails the page.
// Prints PASS/FAIL lines, then "e2e done".
// usage: node e2e.mjs URL CHROMIUM SCREENSHOT_DIR PROFILE_DIR
import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(new URL("../../web/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const [base, exe, shots, profileArg] = process.argv.slice(2);
const LANGS = ["en", "es", "fr"];
// This machine's network is closed: nothing may reach out.
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync"];

let failures = 0;
const pass = (name) => console.log("PASS e2e " + name);
const fail = (name, why) => {
	failures++;
	console.log("FAIL e2e " + name + ": " + why);
};
const check = (name, cond, why) => (cond ? pass(name) : fail(name, why));

// Everything a page reports that should not happen, while it is loaded.
function watch(page) {
	const problems = [];
	page.on("console", (m) => {
		if (m.type() === "error") problems.push("console: " + m.text());
	});
	page.on("pageerror", (e) => problems.push("page error: " + e.message));
	page.on("requestfailed", (r) => problems.push("request failed: " + r.url() + " " + (r.failure() || {}).errorText));
	page.on("response", (r) => {
		if (r.status() >= 400) problems.push("HTTP " + r.status() + ": " + r.url());
	});
	return problems;
}

function shotName(path, lang) {
	const p = new URL(path, base);
	const name = (p.pathname.replace(/^\/+/, "").replace(/[^A-Za-z0-9.-]+/g, "_") || "overview") +
		(p.search ? "_" + p.search.slice(1).replace(/[^A-Za-z0-9.=-]+/g, "_") : "");
	return join(shots, lang + "-" + name + ".png");
}

// The drawings of app.js on the current page: for each marked table,
// whether a figure with an svg or a canvas stands just before it.
async function drawings(page) {
	return page.evaluate(() =>
		Array.from(document.querySelectorAll("table[data-chart], table[data-map], table[data-graph]")).map((t) => {
			const f = t.previousElementSibling;
			const fig = f && f.classList.contains("manrs-figure") ? f : null;
			return {
				kind: t.getAttribute("data-chart") || (t.hasAttribute("data-map") ? "map" : "graph"),
				drawn: t.hasAttribute("data-drawn") && !!fig && !!fig.querySelector("svg, canvas"),
			};
		}));
}

// Loads path in page, checks it is clean and drawn, saves a screenshot.
// Returns the drawings, or null when the page could not be checked.
async function visit(page, problems, path, lang, label) {
	problems.length = 0;
	const name = `${lang} ${label}`;
	let resp;
	try {
		resp = await page.goto(new URL(path, base).href, { waitUntil: "load" });
	} catch (e) {
		fail(name, "cannot load " + path + ": " + e.message);
		return null;
	}
	check(name + ": HTTP 200", resp && resp.status() === 200, "status " + (resp && resp.status()));
	const html = (resp.headers()["content-type"] || "").startsWith("text/html");
	let d = [];
	if (html) {
		check(name + ": html lang=" + lang, (await page.getAttribute("html", "lang")) === lang,
			"lang " + (await page.getAttribute("html", "lang")));
		d = await drawings(page);
		const undrawn = d.filter((x) => !x.drawn).map((x) => x.kind);
		check(name + `: ${d.length} figure(s) drawn`, undrawn.length === 0, "not drawn: " + undrawn.join(", "));
	}
	await page.screenshot({ path: shotName(path, lang), fullPage: true });
	check(name + ": no console error, CSP violation or failed request", problems.length === 0, problems.join(" | "));
	return d;
}

// The incident page's feedback form (issue 9): the network involved (the
// culprit of the path graph's table) calls the incident a valid routing
// change; the answer is the same page, with the "received, pending review"
// notice and the new feedback in the trail, and stays clean.
async function submitFeedback(page, problems, lang) {
	const form = 'form[action$="/feedback"]';
	const culprit = await page.getAttribute('table[data-graph="paths"]', "data-culprit").catch(() => null);
	const as = (culprit || "").trim().split(/\s+/)[0];
	const ready = !!as && (await page.$(form)) !== null;
	check(`${lang} feedback: the incident has a culprit and a form`, ready, `culprit ${culprit}`);
	if (!ready)
		return;
	problems.length = 0;
	await page.check(`${form} input[name="verdict"][value="valid"]`);
	await page.fill(`${form} input[name="asn"]`, as);
	await page.fill(`${form} textarea[name="comment"]`, `e2e (${lang}): planned move <b>not bold</b>`);
	const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(`${form} button`)]);
	check(`${lang} feedback: answered by the incident page (303, then 200)`,
		resp && resp.status() === 200 && /[?&]feedback=\d+/.test(page.url()), `status ${resp && resp.status()} url ${page.url()}`);
	check(`${lang} feedback: received, pending review`, (await page.$("#feedback-received")) !== null, "no notice");
	const list = (await page.textContent("#feedback-list").catch(() => "")) || "";
	check(`${lang} feedback: listed with its comment, escaped`, list.includes(`AS${as}`) && list.includes("<b>not bold</b>"),
		list.slice(0, 200));
	await page.screenshot({ path: shotName("/incident-feedback", lang), fullPage: true });
	check(`${lang} feedback: no console error, CSP violation or failed request`, problems.length === 0, problems.join(" | "));
}

const ctx = await chromium.launchPersistentContext(profileArg || mkdtempSync("/tmp/manrs-e2e-"), {
	executablePath: exe,
	headless: true,
	args: FLAGS,
	viewport: { width: 1280, height: 900 },
	offline: false,
});
const page = ctx.pages()[0] || (await ctx.newPage());
const problems = watch(page);

// The bundle is in the binary (built with node and npm).
{
	const r = await page.request.get(new URL("/static/app.js", base).href);
	check("bundle: /static/app.js served as JavaScript",
		r.status() === 200 && /javascript/.test(r.headers()["content-type"] || "") && (await r.body()).length > 10000,
		"status " + r.status() + " " + r.headers()["content-type"]);
}
// The checks can fail: an inline script (the CSP forbids it) and a
// missing resource on a page are both seen by the watcher.
{
	await page.goto(new URL("/?lang=en", base).href, { waitUntil: "load" });
	problems.length = 0;
	const seen = page.waitForEvent("console", (m) => m.type() === "error");
	await page.evaluate(() => {
		const s = document.createElement("script");
		s.textContent = "window.inlineRan = true";
		document.head.appendChild(s);
	});
	await seen;
	check("self-test: an inline script is refused and reported",
		problems.some((p) => /Content Security Policy/i.test(p)) && !(await page.evaluate(() => window.inlineRan)),
		problems.join(" | ") || "nothing reported");
	problems.length = 0;
	await page.evaluate(() => fetch("/static/no-such-file").then((r) => r.text()).catch(() => null));
	check("self-test: a failed request is reported", problems.some((p) => /HTTP 404/.test(p)),
		problems.join(" | ") || "nothing reported");
}
// The data-chart="line" contract (the History and Comparison pages' charts),
// on a page made here: months in the first column, one series per column,
// data-value on each number, a cell without it is a gap.
{
	problems.length = 0;
	await page.goto(new URL("/incidents?lang=en", base).href); // same origin, same CSP
	await page.setContent(`<!doctype html><html lang="en"><head>
		<link rel="icon" href="/static/favicon.svg"><link rel="stylesheet" href="${new URL("/static/app.css", base).href}">
		<script src="${new URL("/static/app.js", base).href}" defer></script></head><body><main>
		<table data-chart="line"><thead><tr><th>Month</th><th>AS64500</th><th>AS64501</th><th data-skip>Note</th></tr></thead>
		<tbody><tr><td>2024-09</td><td data-value="0.5">0.5</td><td data-value="1">1</td><td>x</td></tr>
		<tr><td>2024-10</td><td data-value="0.75">0.75</td><td>–</td><td>y</td></tr>
		<tr><td>2024-11</td><td data-value="0.93">0.93</td><td data-value="0.2">0.2</td><td>z</td></tr></tbody></table>
		<table data-chart="line"><thead><tr><th>Month</th><th>Empty</th></tr></thead><tbody></tbody></table>
		</main></body></html>`, { waitUntil: "load" });
	const c = await page.evaluate(() => {
		const figs = document.querySelectorAll(".manrs-figure");
		const f = figs[0];
		return {
			figures: figs.length,
			canvas: f ? f.querySelectorAll("canvas").length : 0,
			series: f ? Array.from(f.querySelectorAll(".u-legend .u-series .u-label")).map((e) => e.textContent) : [],
		};
	});
	check("line chart contract: one chart, a canvas, one series per column but the skipped one",
		c.figures === 1 && c.canvas >= 1 && JSON.stringify(c.series) === JSON.stringify(["Month", "AS64500", "AS64501"]),
		JSON.stringify(c));
	await page.screenshot({ path: join(shots, "line-chart-contract.png") });
	check("line chart contract: no console error", problems.length === 0, problems.join(" | "));
}
// An ASN that has a report, for the look-up form.
const ases = await (await page.request.get(new URL("/api/v2/ases?per_page=1", base).href)).json();
const asn = ases.ases && ases.ases.length ? ases.ases[0].asn : null;
check("a scored network to look up", asn !== null, JSON.stringify(ases).slice(0, 200));

for (const lang of LANGS) {
	// The overview: readiness bars per region and the world map.
	const d = await visit(page, problems, `/?lang=${lang}`, lang, "overview");
	if (d) {
		check(`${lang} overview: readiness bar charts`, d.filter((x) => x.kind === "bar" && x.drawn).length >= 1,
			JSON.stringify(d));
		const map = await page.evaluate(() => ({
			countries: document.querySelectorAll(".manrs-map path.country").length,
			coloured: document.querySelectorAll(".manrs-map path.country[fill]").length,
			rows: document.querySelectorAll('table[data-map="country"] tr[data-cc][data-value]').length,
		}));
		check(`${lang} overview: world map with coloured countries`,
			map.countries >= 170 && map.rows > 0 && map.coloured > 0, JSON.stringify(map));
	}
	// Every page of the header navigation (not the language links).
	const links = await page.evaluate(() =>
		Array.from(document.querySelectorAll("header nav a[href]:not([hreflang])")).map((a) => a.getAttribute("href")));
	check(`${lang} navigation has links`, links.length >= 2, JSON.stringify(links));
	const seen = new Set();
	for (const href of links) {
		const u = new URL(href, base);
		if (u.origin !== new URL(base).origin || seen.has(u.pathname + u.search)) continue;
		seen.add(u.pathname + u.search);
		if (u.pathname.startsWith("/api/")) {
			// A machine-readable document (the OpenAPI JSON): fetched, not
			// rendered (a browser showing JSON asks for /favicon.ico).
			const r = await page.request.get(u.href);
			let parsed = true;
			try {
				JSON.parse(await r.text());
			} catch {
				parsed = false;
			}
			check(`${lang} nav ${u.pathname}: HTTP 200 and JSON`, r.status() === 200 && parsed, "status " + r.status());
			continue;
		}
		await visit(page, problems, u.pathname + u.search, lang, "nav " + u.pathname + u.search);
	}
	// The language switch of the header: to the next language and back.
	await page.goto(new URL(`/?lang=${lang}`, base).href);
	const other = LANGS[(LANGS.indexOf(lang) + 1) % LANGS.length];
	await page.click(`header nav a[hreflang="${other}"]`);
	await page.waitForLoadState("load");
	check(`${lang} language switch to ${other}`, (await page.getAttribute("html", "lang")) === other,
		"lang " + (await page.getAttribute("html", "lang")));

	// A network report, through the overview's look-up form.
	if (asn !== null) {
		problems.length = 0;
		await page.goto(new URL(`/?lang=${lang}`, base).href);
		await page.fill('form[action="/networks"] input[name="asn"]', String(asn));
		await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click('form[action="/networks"] button')]);
		const h1 = await page.textContent("h1");
		check(`${lang} look-up form opens the report of AS${asn}`, h1 && h1.includes(`AS${asn}`), "h1 " + h1);
		const path = new URL(page.url()).pathname + new URL(page.url()).search;
		await visit(page, problems, path, lang, `network report AS${asn}`);
	}

	// An incident, from the incidents list: the path graph.
	await page.goto(new URL(`/incidents?lang=${lang}`, base).href);
	const first = await page.getAttribute('#incidents a[href^="/incidents/"]', "href").catch(() => null);
	check(`${lang} incidents list links an incident`, !!first, "no incident link");
	if (first) {
		await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(`#incidents a[href="${first}"]`)]);
		const path = new URL(page.url()).pathname + new URL(page.url()).search;
		const dd = await visit(page, problems, path, lang, "incident " + path);
		if (dd) {
			const g = await page.evaluate(() => {
				const t = document.querySelector('table[data-graph="paths"]');
				const asns = new Set();
				for (const tr of t ? t.querySelectorAll("tr[data-path]") : [])
					for (const h of tr.getAttribute("data-path").trim().split(/\s+/)) if (h) asns.add(h);
				const culprit = ((t && t.getAttribute("data-culprit")) || "").split(/\s+/).filter((x) => asns.has(x));
				return {
					asns: asns.size,
					nodes: document.querySelectorAll(".manrs-graph g.node").length,
					edges: document.querySelectorAll(".manrs-graph line.edge").length,
					culprit: culprit.length,
					marked: culprit.filter((a) => document.querySelector(`.manrs-graph g.node.culprit[data-asn="${a}"]`)).length,
				};
			});
			check(`${lang} incident: path graph has one node per AS`, g.asns > 0 && g.nodes === g.asns && g.edges > 0,
				JSON.stringify(g));
			check(`${lang} incident: culprit highlighted`, g.marked === g.culprit, JSON.stringify(g));
		}
		await submitFeedback(page, problems, lang);
	}
}

await ctx.close();
console.log("e2e done");
process.exit(failures ? 1 : 0);
