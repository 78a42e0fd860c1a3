/*
 * `manrs mrt dump` and `manrs mrt stats`: wiring from files through the MRT
 * reader and decoder to the formatter or the counters. Bad records are
 * reported (file, offset, type, RFC rule) and counted; the run goes on.
 */
#include "cmd/cmd.h"
#include "cmd/mrt_filter.h"
#include "lib/hashset.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "mrt/mrt.h"
#include "mrt/mrt_format.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_REASONS 64

struct reason_tally {
	const char *reason[MAX_REASONS];
	uint64_t n[MAX_REASONS];
	unsigned count;
	uint64_t total;
};

static void tally(struct reason_tally *t, const char *reason, uint64_t n)
{
	t->total += n;
	for (unsigned i = 0; i < t->count; i++)
		if (t->reason[i] == reason || !strcmp(t->reason[i], reason)) {
			t->n[i] += n;
			return;
		}
	if (t->count < MAX_REASONS) {
		t->reason[t->count] = reason;
		t->n[t->count++] = n;
	}
}

/* What one run over the input files reads, counts and writes. */
struct run {
	const char *file;
	enum mrt_fmt_style style;
	bool dump;
	struct mrt_filter filter;
	struct wbuf out;
	struct mrt_fmt fmt;
	bool write_error;
	int write_errno;             /* errno of the first failed write */
	/* counters */
	uint64_t records, elems, elems_out;
	uint64_t by_type[5][13];     /* legacy BGP, TD, TD2, BGP4MP, BGP4MP_ET by subtype */
	uint64_t other_types;
	uint64_t zebra_state8[2];    /* BGP4MP, BGP4MP_ET: Zebra's 8-byte STATE_CHANGE */
	uint64_t elem_types[4];
	uint32_t ts_min, ts_max;
	struct reason_tally skipped;     /* records (or RIB entries) not decoded */
	struct reason_tally unsupported; /* records of types we do not decode */
	struct reason_tally repaired;    /* RFC 7606 treat-as-withdraw or attribute discard, cut messages */
	uint64_t truncated_files, addpath_guesses;
	uint64_t bytes_skipped;          /* passed over resynchronising after damaged headers */
	struct hashset peers, prefixes, origins;
};

static int type_slot(uint16_t type)
{
	switch (type) {
	case MRT_BGP: return 0;
	case MRT_TABLE_DUMP: return 1;
	case MRT_TABLE_DUMP_V2: return 2;
	case MRT_BGP4MP: return 3;
	case MRT_BGP4MP_ET: return 4;
	default: return -1;
	}
}

static const uint16_t slot_type[5] = { MRT_BGP, MRT_TABLE_DUMP, MRT_TABLE_DUMP_V2, MRT_BGP4MP, MRT_BGP4MP_ET };

static void note_write_error(struct run *r)
{
	if (!r->write_error)
		r->write_errno = errno;
	r->write_error = true;
}

static void on_elem(const struct mrt_elem *e, void *ctx)
{
	struct run *r = ctx;
	r->elems++;
	if (r->dump) {
		if (!mrt_filter_match(&r->filter, e))
			return;
		if (r->style != MRT_FMT_JSON && mrt_fmt_bgpdump_hidden(e))
			return;
		r->elems_out++;
		mrt_fmt_line(&r->fmt, &r->out, e);
		if (r->out.len >= (1u << 20) && wbuf_flush(&r->out, stdout) < 0)
			note_write_error(r);
		return;
	}
	r->elem_types[e->type]++;
	struct {
		uint8_t afi;
		uint8_t b[16];
		uint32_t as;
	} pk;
	memset(&pk, 0, sizeof pk);
	pk.afi = e->peer_ip.afi;
	memcpy(pk.b, e->peer_ip.b, 16);
	pk.as = e->peer_as;
	hashset_add(&r->peers, &pk);
	if (e->type == MRT_ELEM_STATE)
		return;
	struct prefix p = e->prefix;
	prefix_mask(&p);
	hashset_add(&r->prefixes, &p);
	if (e->attrs && e->type != MRT_ELEM_WITHDRAW) {
		uint32_t o = bgp_path_origin(&e->attrs->path);
		if (o)
			hashset_add(&r->origins, &o);
	}
}

static void report(struct run *r, const struct mrt_record *rec, const char *what, const char *reason)
{
	log_input(reason, "%s: offset %" PRIu64 ": %s/%s: %s; %s", r->file, rec->offset, mrt_type_name(rec->type),
		  mrt_subtype_name(rec->type, rec->subtype), reason, what);
}

/* Reads one file to the end. Returns -1, after saying why, if it could not
 * be opened or read, is empty, or holds no MRT record at all. */
static int run_file(struct run *r, const char *path)
{
	char err[256];
	struct input *in = input_open(path, err, sizeof err);
	if (!in) {
		log_error("%s: %s", path, err);
		return -1;
	}
	r->file = strcmp(path, "-") ? path : "(stdin)";
	struct mrt_reader rd;
	struct mrt_decoder dec;
	mrt_reader_init(&rd, in);
	mrt_decoder_init(&dec);
	struct mrt_record rec;
	const char *reason = NULL;
	enum mrt_read_status rs;
	uint64_t skipped_seen = 0, file_records = 0;
	int ret = 0;
	while ((rs = mrt_reader_next(&rd, &rec, &reason)) != MRT_READ_EOF) {
		if (rs == MRT_READ_TRUNCATED && file_records == 0 && rd.bad_header == 0 && rd.skipped_total &&
		    !input_error(in)) {
			/* Not one record header anywhere: not MRT at all. */
			log_error("%s: not an MRT file (no valid record header in its %" PRIu64 " bytes)", r->file,
				  rd.skipped_total);
			ret = -1;
			break;
		}
		if (rs == MRT_READ_TRUNCATED) {
			if (rd.skipped_total != skipped_seen)
				log_input(reason, "%s: offset %" PRIu64 ": %s; %" PRIu64 " bytes skipped to the end of the file",
					  r->file, rec.offset, reason, rd.skipped_total - skipped_seen);
			else if (rec.type)
				log_input(reason, "%s: offset %" PRIu64 ": %s/%s: %s (record of %" PRIu32 " bytes); the file ends here",
					  r->file, rec.offset, mrt_type_name(rec.type),
					  mrt_subtype_name(rec.type, rec.subtype), reason, rec.len);
			else
				log_input(reason, "%s: offset %" PRIu64 ": %s; the file ends here", r->file, rec.offset, reason);
			tally(&r->skipped, reason, 1);
			r->truncated_files++;
			break;
		}
		if (rs == MRT_READ_RESYNC) {
			log_input(reason, "%s: offset %" PRIu64 ": %s; resynchronised at offset %" PRIu64 " (%" PRIu64 " bytes skipped)",
				  r->file, rd.bad_header, reason, rec.offset, rd.skipped_bytes);
			skipped_seen = rd.skipped_total;
			tally(&r->skipped, reason, 1);
		}
		if (rs == MRT_READ_SKIP) {
			report(r, &rec, "record skipped", reason);
			tally(&r->skipped, reason, 1);
			continue;
		}
		r->records++;
		file_records++;
		int slot = type_slot(rec.type);
		if (slot >= 0 && rec.subtype < 13)
			r->by_type[slot][rec.subtype]++;
		else
			r->other_types++;
		if (r->records == 1 || rec.ts < r->ts_min)
			r->ts_min = rec.ts;
		if (rec.ts > r->ts_max)
			r->ts_max = rec.ts;
		enum mrt_status st = mrt_decode(&dec, &rec, on_elem, r, &reason);
		if (dec.zebra_state8) {
			/* Counted under its own name, not as STATE_CHANGE. */
			r->by_type[slot][rec.subtype]--;
			r->zebra_state8[slot == 4]++;
			report(r, &rec, "decoded without addresses",
			       "Zebra's 8-byte STATE_CHANGE (no interface, AFI or addresses; RFC 6396 section 4.4.1 has them)");
		}
		if (st == MRT_MALFORMED) {
			report(r, &rec, "record skipped", reason);
			tally(&r->skipped, reason, 1);
		} else if (st == MRT_UNSUPPORTED) {
			tally(&r->unsupported, reason, 1);
		}
		if (dec.entries_skipped && st == MRT_OK) {
			report(r, &rec, "RIB entries skipped", dec.entry_reason);
			tally(&r->skipped, dec.entry_reason, dec.entries_skipped);
		}
		if (dec.cut_msgs) {
			static const char cut[] = "RFC 6396 section 4.4.2: MRT record shorter than its BGP message "
						  "(cut by the collector); prefixes before the cut kept";
			report(r, &rec, "partly decoded", cut);
			tally(&r->repaired, cut, dec.cut_msgs);
		}
		if (dec.mp_raw)
			tally(&r->unsupported, "RFC 4760: MP_REACH/MP_UNREACH of an AFI/SAFI not decoded (kept raw)", dec.mp_raw);
		if (dec.treat_as_withdraw) {
			report(r, &rec, rec.type == MRT_TABLE_DUMP_V2 || rec.type == MRT_TABLE_DUMP
					 ? "RIB entries treated as withdrawn (RFC 7606)"
					 : "announcements treated as withdrawn (RFC 7606)", dec.attr_reason);
			tally(&r->repaired, dec.attr_reason, dec.treat_as_withdraw);
		} else if (dec.attrs_discarded) {
			report(r, &rec, "attribute discarded (RFC 7606)", dec.attr_reason);
			tally(&r->repaired, dec.attr_reason, dec.attrs_discarded);
		}
		if (r->write_error)
			break;
	}
	const char *ierr = input_error(in);
	if (rs == MRT_READ_EOF && rd.end == 0 && !ierr) {
		log_error("%s: empty (no MRT records)", r->file);
		ret = -1;
	} else if (ret < 0) {
		/* reported above */
	} else if (ierr && rs != MRT_READ_TRUNCATED) {
		log_input(ierr, "%s: %s (%s input)", r->file, ierr, input_format(in));
		tally(&r->skipped, "compressed stream damaged or truncated", 1);
		r->truncated_files++;
	} else if (ierr) {
		log_input(ierr, "%s: %s (%s input)", r->file, ierr, input_format(in));
	}
	r->addpath_guesses += dec.addpath_guesses;
	r->bytes_skipped += rd.skipped_total;
	mrt_decoder_free(&dec);
	mrt_reader_free(&rd);
	input_close(in);
	return ret;
}

static const char DUMP_USAGE[] =
	"usage: manrs mrt dump [-m | -M | --json] [filters] FILE...\n"
	"\n"
	"Prints every route element of MRT files (RFC 6396; plain, gzip, bzip2, xz\n"
	"or zstd, detected by content; '-' reads stdin).\n"
	"\n"
	"  -m            bgpdump -m lines (default): Unix time, all columns\n"
	"  -M            bgpdump -M lines: human-readable time, short lines\n"
	"  --json        one JSON object per element (docs/json.md)\n"
	"  -q, --quiet   no warnings about skipped records on stderr\n"
	"\n"
	"Filters (repeat an option to accept any of its values):\n"
	"  --peer-as ASN        --peer-ip ADDR\n"
	"  --prefix P           exactly P\n"
	"  --prefix-more P      P and its more-specifics\n"
	"  --prefix-less P      P and its less-specifics\n"
	"  --origin ASN         origin AS of the path\n"
	"  --path-as ASN        AS anywhere in the path\n"
	"  --type LIST          rib,announce,withdraw,state\n"
	"  --start TIME --end TIME   Unix seconds or YYYY-MM-DD[THH:MM[:SS]] (UTC);\n"
	"                       start inclusive, end exclusive\n"
	"\n"
	"Exit status: 0 all read, 1 a file could not be read, 2 usage,\n"
	"3 some records were skipped, a file was truncated, or attributes were\n"
	"malformed (RFC 7606: treat-as-withdraw or attribute discard).\n";

static const char STATS_USAGE[] =
	"usage: manrs mrt stats [-q] FILE...\n"
	"\n"
	"Counts records by type and subtype, route elements, distinct peers,\n"
	"prefixes and origin ASes, the time span, and records skipped by reason.\n"
	"Exit status as for `manrs mrt dump`.\n";

static const char MRT_USAGE[] =
	"usage: manrs mrt <command> [options] FILE...\n"
	"\n"
	"  dump    print route elements (bgpdump -m/-M compatible, or JSON)\n"
	"  stats   summarise MRT files\n"
	"\n"
	"Run 'manrs mrt <command> --help' for its options.\n";

static void print_time(FILE *f, uint32_t ts)
{
	time_t t = ts;
	struct tm tm;
	char buf[32];
	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(f, "%s (%" PRIu32 ")", buf, ts);
}

static void print_stats(struct run *r, FILE *f)
{
	fprintf(f, "records:            %" PRIu64 "\n", r->records);
	for (int s = 0; s < 5; s++)
		for (int st = 0; st < 13; st++)
			if (r->by_type[s][st])
				fprintf(f, "  %-13s %-28s %" PRIu64 "\n", mrt_type_name(slot_type[s]),
					mrt_subtype_name(slot_type[s], (uint16_t)st), r->by_type[s][st]);
	for (int s = 0; s < 2; s++)
		if (r->zebra_state8[s])
			fprintf(f, "  %-13s %-28s %" PRIu64 "\n", mrt_type_name(s ? MRT_BGP4MP_ET : MRT_BGP4MP),
				"STATE_CHANGE (Zebra 8-byte)", r->zebra_state8[s]);
	if (r->other_types)
		fprintf(f, "  %-42s %" PRIu64 "\n", "other types", r->other_types);
	fprintf(f, "elements:           %" PRIu64 "\n", r->elems);
	static const char *names[] = { "rib", "announce", "withdraw", "state" };
	for (int i = 0; i < 4; i++)
		if (r->elem_types[i])
			fprintf(f, "  %-42s %" PRIu64 "\n", names[i], r->elem_types[i]);
	fprintf(f, "peers:              %zu\n", r->peers.count);
	fprintf(f, "prefixes:           %zu\n", r->prefixes.count);
	fprintf(f, "origin ASes:        %zu\n", r->origins.count);
	if (r->records) {
		fprintf(f, "first record:       ");
		print_time(f, r->ts_min);
		fprintf(f, "\nlast record:        ");
		print_time(f, r->ts_max);
		fprintf(f, "\n");
	}
	if (r->addpath_guesses)
		fprintf(f, "ADD-PATH framing corrected: %" PRIu64 " records\n", r->addpath_guesses);
	fprintf(f, "skipped:            %" PRIu64 "\n", r->skipped.total);
	for (unsigned i = 0; i < r->skipped.count; i++)
		fprintf(f, "  %-42s %" PRIu64 "\n", r->skipped.reason[i], r->skipped.n[i]);
	if (r->bytes_skipped)
		fprintf(f, "  %-42s %" PRIu64 "\n", "bytes passed over to resynchronise", r->bytes_skipped);
	fprintf(f, "repaired:           %" PRIu64 "\n", r->repaired.total);
	for (unsigned i = 0; i < r->repaired.count; i++)
		fprintf(f, "  %-42s %" PRIu64 "\n", r->repaired.reason[i], r->repaired.n[i]);
	fprintf(f, "not decoded:        %" PRIu64 "\n", r->unsupported.total);
	for (unsigned i = 0; i < r->unsupported.count; i++)
		fprintf(f, "  %-42s %" PRIu64 "\n", r->unsupported.reason[i], r->unsupported.n[i]);
}

static int mrt_main(int argc, char **argv, bool dump)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "peer-as", required_argument, NULL, 'F' },
		{ "peer-ip", required_argument, NULL, 'F' },
		{ "prefix", required_argument, NULL, 'F' },
		{ "prefix-more", required_argument, NULL, 'F' },
		{ "prefix-less", required_argument, NULL, 'F' },
		{ "origin", required_argument, NULL, 'F' },
		{ "path-as", required_argument, NULL, 'F' },
		{ "type", required_argument, NULL, 'F' },
		{ "start", required_argument, NULL, 'F' },
		{ "end", required_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct run *r = calloc(1, sizeof *r);
	if (!r)
		return EXIT_FAIL;
	r->dump = dump;
	r->style = MRT_FMT_BGPDUMP_M;
	const char *usage = dump ? DUMP_USAGE : STATS_USAGE;
	int c, idx;
	optind = 1;
	while ((c = getopt_long(argc, argv, dump ? "mMqh" : "qh", longopts, &idx)) != -1) {
		char err[200];
		switch (c) {
		case 'm': r->style = MRT_FMT_BGPDUMP_M; break;
		case 'M': r->style = MRT_FMT_BGPDUMP_MM; break;
		case 'j': r->style = MRT_FMT_JSON; break;
		case 'q': log_set_quiet(1); break;
		case 'h': fputs(usage, stdout); free(r); return EXIT_OK;
		case 'F':
			if (!dump) {
				fprintf(stderr, "manrs mrt stats: filters belong to 'manrs mrt dump'\n");
				free(r);
				return EXIT_USAGE;
			}
			if (mrt_filter_option(&r->filter, longopts[idx].name, optarg, err, sizeof err) < 0) {
				fprintf(stderr, "manrs mrt dump: %s\n", err);
				free(r);
				return EXIT_USAGE;
			}
			break;
		default: fputs(usage, stderr); free(r); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		free(r);
		return EXIT_USAGE;
	}
	wbuf_init(&r->out, 1u << 21);
	mrt_fmt_init(&r->fmt, r->style);
	hashset_init(&r->peers, 24);
	hashset_init(&r->prefixes, sizeof(struct prefix));
	hashset_init(&r->origins, 4);
	int rc = EXIT_OK;
	for (int i = optind; i < argc; i++) {
		if (run_file(r, argv[i]) < 0)
			rc = EXIT_FAIL;
		if (r->write_error)
			break;
	}
	if (wbuf_flush(&r->out, stdout) < 0 || fflush(stdout) != 0)
		note_write_error(r);
	log_input_summary();
	/* A file that could not be read gets no partial answer. */
	if (!dump && rc == EXIT_OK && !r->write_error) {
		print_stats(r, stdout);
		if (fflush(stdout) != 0 || ferror(stdout))
			note_write_error(r);
	}
	else if (r->skipped.total && r->repaired.total)
		log_info("%" PRIu64 " records skipped, %" PRIu64 " repaired (run 'manrs mrt stats' for the reasons)",
			 r->skipped.total, r->repaired.total);
	else if (r->skipped.total)
		log_info("%" PRIu64 " records skipped (run 'manrs mrt stats' for the reasons)", r->skipped.total);
	else if (r->repaired.total)
		log_info("%" PRIu64 " records repaired (run 'manrs mrt stats' for the reasons)",
			 r->repaired.total);
	if (r->write_error) {
		log_error("standard output: %s", r->write_errno ? strerror(r->write_errno) : "write error");
		rc = EXIT_FAIL;
	}
	if (rc == EXIT_OK && (r->skipped.total || r->repaired.total))
		rc = EXIT_SKIPPED;
	wbuf_free(&r->out);
	mrt_fmt_free(&r->fmt);
	hashset_free(&r->peers);
	hashset_free(&r->prefixes);
	hashset_free(&r->origins);
	free(r);
	return rc;
}

int cmd_mrt(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(MRT_USAGE, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "dump"))
		return mrt_main(argc - 1, argv + 1, true);
	if (!strcmp(argv[1], "stats"))
		return mrt_main(argc - 1, argv + 1, false);
	fprintf(stderr, "manrs mrt: unknown command '%s'\n%s", argv[1], MRT_USAGE);
	return EXIT_USAGE;
}
