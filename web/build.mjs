// Build step (src/web/meson.build, through scripts/web_bundle.sh): bundles
// web/src/app.js and its npm dependencies (package-lock.json) into one
// app.js and one app.css with esbuild. The ISO 3166 numeric -> alpha-2
// table the world map needs comes from the repository's M49 data file
// (data/refdata/m49/m49.tsv), given as a module "m49-codes".
// usage: node build.mjs OUTDIR M49_TSV
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const [outdir, m49] = process.argv.slice(2);
if (!outdir || !m49) {
	console.error("usage: node build.mjs OUTDIR M49_TSV");
	process.exit(2);
}

// alpha2 alpha3 m49 name ...: {"004": "AF", ...}
function m49Codes() {
	const codes = {};
	for (const line of readFileSync(m49, "utf8").split("\n")) {
		if (!line || line.startsWith("#")) continue;
		const f = line.split("\t");
		if (/^[A-Z]{2}$/.test(f[0]) && /^[0-9]{3}$/.test(f[2])) codes[f[2]] = f[0];
	}
	return codes;
}

const m49Plugin = {
	name: "m49-codes",
	setup(b) {
		b.onResolve({ filter: /^m49-codes$/ }, () => ({ path: "m49-codes", namespace: "m49" }));
		b.onLoad({ filter: /.*/, namespace: "m49" }, () => ({
			contents: JSON.stringify(m49Codes()),
			loader: "json",
		}));
	},
};

await build({
	entryPoints: { app: join(here, "src/app.js") },
	bundle: true,
	minify: true,
	format: "iife",
	target: ["es2019"],
	outdir,
	legalComments: "eof",
	logLevel: "warning",
	plugins: [m49Plugin],
});
