// The web Observatory's charts, world map and AS path graph (docs/web.md).
// Progressive enhancement: the server's pages carry every number in HTML
// tables and work without this script; it reads tables marked with data-*
// attributes and draws a figure above each one:
//   <table data-chart="line">   first column x (e.g. a month), every other
//                               column one series; numeric cells carry
//                               data-value="0.93" (no attribute: no data).
//   <table data-chart="bar">    the same, drawn as stacked bars (readiness
//                               distribution: ready, aspiring, lagging, no data).
//   A <th data-skip> in the header row leaves that column out of a chart.
//   <table data-map="country">  rows <tr data-cc="NL" data-value="0.93">:
//                               a choropleth world map.
//   <table data-graph="paths">  rows <tr data-path="3356 1299 64500"> (or the
//                               ASNs as cell text); data-culprit="64500 ..."
//                               data-victims and data-accomplices on the table
//                               are highlighted.
// Loaded with <script defer> from /static/app.js: no inline script, so the
// server's Content-Security-Policy (script-src 'self') holds.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { geoNaturalEarth1, geoPath, geoGraticule10 } from "d3-geo";
import { feature } from "topojson-client";
import world from "world-atlas/countries-110m.json";
import m49 from "m49-codes";
import { forceSimulation, forceLink, forceManyBody, forceX, forceY, forceCollide } from "d3-force";
import "./app.css";

const SVG = "http://www.w3.org/2000/svg";
// Series colours (line charts), and the readiness levels (bar charts).
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
const LEVELS = ["#2e7d32", "#f9a825", "#c62828", "#9e9e9e", "#5c6bc0", "#8d6e63"];

function el(name, attrs, parent) {
	const e = document.createElementNS(SVG, name);
	for (const k in attrs) e.setAttribute(k, attrs[k]);
	if (parent) parent.appendChild(e);
	return e;
}

// A figure just above the table, for the drawing.
function figureFor(table, kind) {
	const fig = document.createElement("div");
	fig.className = "manrs-figure manrs-" + kind;
	table.parentNode.insertBefore(fig, table);
	return fig;
}

function cellValue(td) {
	if (!td) return null;
	const v = td.getAttribute("data-value");
	if (v === null || v === "") return null;
	const n = Number(v);
	return Number.isFinite(n) ? n : null;
}

// x labels, series names and values of a data-chart table.
function readTable(table) {
	const head = table.tHead && table.tHead.rows.length ? Array.from(table.tHead.rows[0].cells) : [];
	const rows = [];
	for (const b of Array.from(table.tBodies)) rows.push(...Array.from(b.rows));
	const width = rows.reduce((m, r) => Math.max(m, r.cells.length), head.length);
	const cols = [];
	for (let c = 1; c < width; c++) if (!(head[c] && head[c].hasAttribute("data-skip"))) cols.push(c);
	return {
		xname: head[0] ? head[0].textContent.trim() : "",
		x: rows.map((r) => (r.cells[0] ? r.cells[0].textContent.trim() : "")),
		names: cols.map((c, i) => (head[c] ? head[c].textContent.trim() : "#" + (i + 1))),
		ys: cols.map((c) => rows.map((r) => cellValue(r.cells[c]))),
	};
}

function chartWidth(fig) {
	return Math.max(280, Math.min(900, fig.clientWidth || 640));
}

function xAxis(x) {
	return {
		splits: () => x.map((_, i) => i),
		values: (u, splits) => splits.map((i) => (x[i] === undefined ? "" : x[i])),
	};
}

function lineChart(table) {
	const t = readTable(table);
	if (!t.x.length) return;
	const fig = figureFor(table, "chart");
	const series = [{ label: t.xname, value: (u, v) => (v == null ? "" : t.x[v]) }];
	t.names.forEach((n, i) =>
		series.push({ label: n, stroke: PALETTE[i % PALETTE.length], width: 2, points: { show: true } }));
	new uPlot(
		{
			width: chartWidth(fig),
			height: 260,
			scales: { x: { time: false, range: (u, min, max) => [min - 0.25, max + 0.25] } },
			axes: [xAxis(t.x), {}],
			series,
		},
		[t.x.map((_, i) => i), ...t.ys],
		fig,
	);
}

// Stacked bars: series k is drawn at the sum of series 0..k, the largest
// first, so each visible band is one series; the legend shows own values.
function barChart(table) {
	const t = readTable(table);
	if (!t.x.length) return;
	const fig = figureFor(table, "chart");
	const cum = [];
	t.ys.forEach((ys, k) => cum.push(ys.map((v, i) => (v || 0) + (k ? cum[k - 1][i] : 0))));
	const series = [{ label: t.xname, value: (u, v) => (v == null ? "" : t.x[v]) }];
	const data = [t.x.map((_, i) => i)];
	for (let k = t.ys.length - 1; k >= 0; k--) {
		const c = LEVELS[k % LEVELS.length];
		series.push({
			label: t.names[k],
			stroke: c,
			fill: c,
			width: 0,
			paths: uPlot.paths.bars({ size: [0.6, 80] }),
			points: { show: false },
			value: (u, v, si, di) => (di == null || t.ys[k][di] == null ? "" : String(t.ys[k][di])),
		});
		data.push(cum[k]);
	}
	new uPlot(
		{
			width: chartWidth(fig),
			height: 240,
			scales: { x: { time: false, range: (u, min, max) => [min - 0.5, max + 0.5] }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
			axes: [xAxis(t.x), {}],
			series,
		},
		data,
		fig,
	);
}

// ---- the world map ----------------------------------------------------

function mix(a, b, f) {
	const p = (s, i) => parseInt(s.slice(1 + 2 * i, 3 + 2 * i), 16);
	let out = "#";
	for (let i = 0; i < 3; i++) out += Math.round(p(a, i) + (p(b, i) - p(a, i)) * f).toString(16).padStart(2, "0");
	return out;
}

const LOW = "#deebf7";
const HIGH = "#08519c";

function worldMap(table) {
	const values = new Map();
	const text = new Map();
	for (const tr of Array.from(table.querySelectorAll("tr[data-cc]"))) {
		const v = cellValue(tr);
		const cc = tr.getAttribute("data-cc").toUpperCase();
		if (v === null) continue;
		values.set(cc, v);
		const td = tr.querySelector("td[data-value]");
		text.set(cc, td ? td.textContent.trim() : String(v));
	}
	let lo = Math.min(...values.values());
	let hi = Math.max(...values.values());
	if (!values.size) lo = hi = 0;
	if (lo >= 0 && hi <= 1) (lo = 0), (hi = 1);
	const fig = figureFor(table, "map");
	const W = 960, H = 480;
	const svg = el("svg", { viewBox: `0 0 ${W} ${H + 40}`, role: "img", class: "manrs-map-svg" }, fig);
	const countries = feature(world, world.objects.countries);
	const proj = geoNaturalEarth1().fitSize([W, H], countries);
	const path = geoPath(proj);
	el("path", { d: path({ type: "Sphere" }), class: "sphere" }, svg);
	el("path", { d: path(geoGraticule10()), class: "graticule" }, svg);
	const label = table.getAttribute("data-map-label") || "";
	for (const f of countries.features) {
		const cc = f.id ? m49[f.id] : f.properties.name === "Kosovo" ? "XK" : undefined;
		const v = cc ? values.get(cc) : undefined;
		const p = el("path", { d: path(f), class: v === undefined ? "country no-data" : "country" }, svg);
		if (v !== undefined) p.setAttribute("fill", mix(LOW, HIGH, hi > lo ? (v - lo) / (hi - lo) : 1));
		if (cc) p.setAttribute("data-cc", cc);
		el("title", {}, p).textContent =
			f.properties.name + (cc ? " (" + cc + ")" : "") + (v !== undefined ? ": " + (label ? label + " " : "") + text.get(cc) : "");
	}
	// The legend: five steps from the lowest to the highest value.
	for (let i = 0; i < 5; i++) {
		const v = lo + ((hi - lo) * i) / 4;
		el("rect", { x: 20 + i * 60, y: H + 12, width: 60, height: 14, fill: mix(LOW, HIGH, i / 4) }, svg);
		el("text", { x: 20 + i * 60, y: H + 38, class: "legend" }, svg).textContent = String(Math.round(v * 100) / 100);
	}
	if (label) el("text", { x: 340, y: H + 24, class: "legend" }, svg).textContent = label;
}

// ---- the AS path graph ------------------------------------------------

function pathGraph(table) {
	const set = (name) => new Set((table.getAttribute(name) || "").split(/[\s,]+/).filter(Boolean));
	const culprits = set("data-culprit");
	const victims = set("data-victims");
	const accomplices = set("data-accomplices");
	const nodes = new Map();
	const links = new Map();
	for (const tr of Array.from(table.querySelectorAll("tbody tr"))) {
		const raw = tr.getAttribute("data-path") || tr.textContent;
		const hops = [];
		for (const h of raw.trim().split(/\s+/)) if (h && h !== hops[hops.length - 1]) hops.push(h.replace(/^AS/i, ""));
		hops.forEach((h, i) => {
			const depth = hops.length - 1 - i;
			const n = nodes.get(h);
			if (!n) nodes.set(h, { id: h, depth, peer: i === 0, origin: depth === 0 });
			else {
				n.depth = Math.min(n.depth, depth);
				n.peer = n.peer || i === 0;
				n.origin = n.origin || depth === 0;
			}
			if (i) links.set(hops[i - 1] + ">" + h, { source: hops[i - 1], target: h });
		});
	}
	if (!nodes.size) return;
	const N = Array.from(nodes.values());
	const L = Array.from(links.values());
	const maxDepth = Math.max(...N.map((n) => n.depth));
	const step = 110;
	const sim = forceSimulation(N)
		.force("link", forceLink(L).id((d) => d.id).distance(step).strength(0.3))
		.force("charge", forceManyBody().strength(-160))
		.force("x", forceX((d) => (maxDepth - d.depth) * step).strength(1))
		.force("y", forceY(0).strength(0.05))
		.force("collide", forceCollide(26))
		.stop();
	for (let i = 0; i < 300; i++) sim.tick();
	const xs = N.map((n) => n.x), ys = N.map((n) => n.y);
	const pad = 40;
	const x0 = Math.min(...xs) - pad, y0 = Math.min(...ys) - pad;
	const W = Math.max(...xs) - x0 + pad, H = Math.max(...ys) - y0 + pad;
	const fig = figureFor(table, "graph");
	const svg = el("svg", { viewBox: `${x0} ${y0} ${W} ${H}`, width: Math.ceil(W), height: Math.ceil(H), role: "img", class: "manrs-graph-svg" }, fig);
	const defs = el("defs", {}, svg);
	const marker = el("marker", { id: "manrs-arrow", viewBox: "0 0 10 10", refX: "24", refY: "5", markerWidth: "8", markerHeight: "8", orient: "auto" }, defs);
	el("path", { d: "M0,0L10,5L0,10z", class: "arrow" }, marker);
	// Routes are announced from the origin towards the peers: arrows point
	// along the announcement, from the origin outwards.
	for (const l of L)
		el("line", { x1: l.target.x, y1: l.target.y, x2: l.source.x, y2: l.source.y, class: "edge", "marker-end": "url(#manrs-arrow)" }, svg);
	for (const n of N) {
		const cls = ["node"];
		if (culprits.has(n.id)) cls.push("culprit");
		else if (victims.has(n.id)) cls.push("victim");
		else if (accomplices.has(n.id)) cls.push("accomplice");
		if (n.origin) cls.push("origin");
		if (n.peer) cls.push("peer");
		const g = el("g", { class: cls.join(" "), "data-asn": n.id }, svg);
		el("circle", { cx: n.x, cy: n.y, r: 16 }, g);
		el("text", { x: n.x, y: n.y + 30, "text-anchor": "middle" }, g).textContent = /^\d+$/.test(n.id) ? "AS" + n.id : n.id;
		el("title", {}, g).textContent = (/^\d+$/.test(n.id) ? "AS" : "") + n.id;
	}
}

function each(sel, fn) {
	for (const t of Array.from(document.querySelectorAll(sel))) {
		try {
			fn(t);
			t.setAttribute("data-drawn", "");
		} catch (e) {
			console.error("manrs: cannot draw", sel, e);
		}
	}
}

function main() {
	each('table[data-chart="line"]', lineChart);
	each('table[data-chart="bar"]', barChart);
	each('table[data-map="country"]', worldMap);
	each('table[data-graph="paths"]', pathGraph);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
else main();
