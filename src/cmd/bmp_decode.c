/*
 * `manrs bmp decode`: BMP messages from a classic pcap capture or a raw
 * BMP stream file, decoded and printed one per line (text or JSON), with
 * the route elements each Route Monitoring message yields. The tshark
 * comparison (tests/bmp-tshark) and hand debugging use it.
 */
#include "bmp/bmp.h"
#include "bmp/bmp_pcap.h"
#include "cmd/cmd.h"
#include "cmd/cmd_bmp.h"
#include "lib/json.h"
#include "lib/log.h"
#include "lib/wbuf.h"
#include "lib/xmalloc.h"
#include "mrt/mrt_format.h"
#include "net/text.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Largest capture or stream file read (it is held in memory whole). */
#define BMP_DECODE_MAX_FILE (512u * 1024 * 1024)

static const char DECODE_USAGE[] =
	"usage: manrs bmp decode [--json] [--port N]... [-q] FILE\n"
	"\n"
	"Decodes the BMP messages (RFC 7854, 8671, 9069) of FILE: a classic pcap\n"
	"capture (TCP reassembled per direction; BMP on ports 1790, 10000, 10179 or\n"
	"those given) or a file of BMP messages back to back (plain or compressed).\n"
	"Each message is one line; Route Monitoring lines are followed by their\n"
	"route elements in bgpdump -m form (JSON: an \"elems\" array).\n"
	"\n"
	"  --json        one JSON object per message\n"
	"  --port N      a TCP port carrying BMP (repeatable; replaces the defaults)\n"
	"  -q, --quiet   no warnings on stderr\n"
	"\n"
	"Exit status: 0 ok, 1 FILE unreadable, 2 usage, 3 some messages were\n"
	"malformed or skipped.\n";

struct dec {
	bool json;
	struct wbuf out;
	struct bmp_session sess;
	struct mrt_fmt fmt;
	struct wbuf elems;     /* element lines or JSON objects of the message */
	unsigned nelems;
	uint64_t msgs, bad;
	const char *path;
	uint64_t frame;
};

static void fmt_ip(struct json *j, const struct ip_addr *a)
{
	char s[IP_STRLEN];
	ip_fmt(a, s);
	json_str(j, s);
}

static void fmt_id(char out[16], const uint8_t id[4])
{
	snprintf(out, 16, "%u.%u.%u.%u", id[0], id[1], id[2], id[3]);
}

static void on_elem(const struct mrt_elem *e, const struct bmp_peer_hdr *ph, void *ctx)
{
	struct dec *d = ctx;
	(void)ph;
	if (d->json) {
		struct wbuf tmp;
		wbuf_init(&tmp, 256);
		mrt_fmt_elem(&tmp, MRT_FMT_JSON, e);
		if (tmp.len && tmp.p[tmp.len - 1] == '\n')
			tmp.len--;
		if (d->nelems)
			wbuf_putc(&d->elems, ',');
		wbuf_put(&d->elems, tmp.p, tmp.len);
		wbuf_free(&tmp);
	} else if (!mrt_fmt_bgpdump_hidden(e)) {
		mrt_fmt_line(&d->fmt, &d->elems, e);
	}
	d->nelems++;
}

static void json_tlvs(struct json *j, const struct bmp_msg *m)
{
	json_key(j, "tlvs");
	json_arr_open(j);
	for (unsigned i = 0; i < m->ntlv; i++) {
		json_obj_open(j);
		json_key(j, "type");
		json_u64(j, m->tlv[i].type);
		json_key(j, "len");
		json_u64(j, m->tlv[i].len);
		/* Strings for the string types of Initiation, Termination and
		 * Peer Up (type 0, sysDescr 1, sysName 2, VRF/Table name 3). */
		bool text = m->type == BMP_INITIATION || m->type == BMP_PEER_UP || (m->type == BMP_TERMINATION && m->tlv[i].type == 0);
		json_key(j, "value");
		if (text) {
			json_strn(j, (const char *)m->tlv[i].val, m->tlv[i].len);
		} else {
			struct wbuf hex;
			wbuf_init(&hex, 64);
			wbuf_put_hex(&hex, m->tlv[i].val, m->tlv[i].len);
			json_strn(j, hex.p, hex.len);
			wbuf_free(&hex);
		}
		json_obj_close(j);
	}
	json_arr_close(j);
}

static void json_open(struct json *j, const char *key, const struct bgp_open *o)
{
	char id[16];
	json_key(j, key);
	json_obj_open(j);
	json_key(j, "version");
	json_u64(j, o->version);
	json_key(j, "as");
	json_u64(j, bgp_open_asn(o));
	json_key(j, "hold_time");
	json_u64(j, o->hold_time);
	fmt_id(id, o->bgp_id);
	json_key(j, "bgp_id");
	json_str(j, id);
	json_key(j, "as4");
	json_bool(j, o->as4);
	json_key(j, "mp");
	json_arr_open(j);
	for (unsigned i = 0; i < o->nmp; i++) {
		char s[16];
		snprintf(s, sizeof s, "%u/%u", o->mp[i].afi, o->mp[i].safi);
		json_str(j, s);
	}
	json_arr_close(j);
	json_key(j, "addpath");
	json_arr_open(j);
	for (unsigned i = 0; i < o->naddpath; i++) {
		char s[24];
		snprintf(s, sizeof s, "%u/%u/%u", o->addpath[i].afi, o->addpath[i].safi, o->addpath[i].mode);
		json_str(j, s);
	}
	json_arr_close(j);
	json_obj_close(j);
}

static void print_json(struct dec *d, const struct bmp_msg *m, const char *err)
{
	struct json j;
	char id[16];
	json_begin(&j, &d->out);
	json_obj_open(&j);
	if (d->frame) {
		json_key(&j, "frame");
		json_u64(&j, d->frame);
	}
	json_key(&j, "type");
	json_u64(&j, m->type);
	json_key(&j, "type_name");
	json_str(&j, bmp_type_name(m->type));
	json_key(&j, "length");
	json_u64(&j, m->len);
	if (err) {
		json_key(&j, "error");
		json_str(&j, err);
	}
	/* Version 4 (draft-ietf-grow-bmp-tlv): the TLVs of Route
	 * Monitoring, Statistics and Peer Down, and what the known ones say. */
	if (m->version == BMP_VERSION_TLV) {
		json_key(&j, "version");
		json_u64(&j, m->version);
		json_key(&j, "v4_tlvs");
		json_arr_open(&j);
		for (unsigned i = 0; i < m->nv4; i++) {
			const struct bmp_v4_tlv *t = &m->v4[i];
			json_obj_open(&j);
			json_key(&j, "type");
			json_u64(&j, t->type);
			if (t->enterprise) {
				json_key(&j, "enterprise");
				json_u64(&j, t->pen);
			}
			if (t->indexed) {
				json_key(&j, "index");
				json_u64(&j, t->index);
			}
			json_key(&j, "length");
			json_u64(&j, t->len);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		if (m->has_seq) {
			json_key(&j, "sequence");
			json_u64(&j, m->seq);
		}
		if (m->has_tstamp) {
			json_key(&j, "timestamp");
			json_obj_open(&j);
			json_key(&j, "type");
			json_u64(&j, m->tstamp_type);
			json_key(&j, "sec");
			json_u64(&j, m->tstamp_sec);
			json_key(&j, "usec");
			json_u64(&j, m->tstamp_usec);
			json_obj_close(&j);
		}
		if (m->has_vrf_name) {
			json_key(&j, "vrf_name");
			json_strn(&j, (const char *)m->vrf_name.p, m->vrf_name.len);
		}
		json_key(&j, "v4_ignored");
		json_u64(&j, m->v4_ignored);
	}
	if (m->has_peer) {
		const struct bmp_peer_hdr *h = &m->peer;
		json_key(&j, "peer");
		json_obj_open(&j);
		json_key(&j, "type");
		json_u64(&j, h->type);
		json_key(&j, "flags");
		json_u64(&j, h->flags);
		struct wbuf hex;
		wbuf_init(&hex, 32);
		wbuf_put_hex(&hex, h->distinguisher, 8);
		json_key(&j, "distinguisher");
		json_strn(&j, hex.p, hex.len);
		wbuf_free(&hex);
		json_key(&j, "address");
		fmt_ip(&j, &h->addr);
		json_key(&j, "as");
		json_u64(&j, h->as);
		fmt_id(id, h->bgp_id);
		json_key(&j, "bgp_id");
		json_str(&j, id);
		json_key(&j, "ts_sec");
		json_u64(&j, h->ts_sec);
		json_key(&j, "ts_usec");
		json_u64(&j, h->ts_usec);
		json_obj_close(&j);
	}
	if (!err) {
		switch (m->type) {
		case BMP_PEER_UP:
			json_key(&j, "local_address");
			fmt_ip(&j, &m->local_addr);
			json_key(&j, "local_port");
			json_u64(&j, m->local_port);
			json_key(&j, "remote_port");
			json_u64(&j, m->remote_port);
			json_open(&j, "sent_open", &m->sent);
			json_open(&j, "received_open", &m->recv);
			json_tlvs(&j, m);
			break;
		case BMP_PEER_DOWN:
			json_key(&j, "reason");
			json_u64(&j, m->down_reason);
			json_key(&j, "reason_name");
			json_str(&j, bmp_down_reason_name(m->down_reason));
			if (m->down_reason == BMP_DOWN_LOCAL_NO_NOTIFY) {
				json_key(&j, "fsm_event");
				json_u64(&j, m->down_fsm_event);
			}
			if ((m->down_reason == BMP_DOWN_LOCAL_NOTIFY || m->down_reason == BMP_DOWN_REMOTE_NOTIFY) &&
			    m->down_data.len >= 21) {
				json_key(&j, "notification");
				char s[16];
				snprintf(s, sizeof s, "%u/%u", m->down_data.p[19], m->down_data.p[20]);
				json_str(&j, s);
			}
			break;
		case BMP_STATISTICS:
			json_key(&j, "count");
			json_u64(&j, m->stats_count);
			json_key(&j, "stats");
			json_arr_open(&j);
			for (unsigned i = 0; i < m->nstats; i++) {
				const struct bmp_stat *s = &m->stats[i];
				json_obj_open(&j);
				json_key(&j, "type");
				json_u64(&j, s->type);
				json_key(&j, "name");
				json_str(&j, bmp_stat_name(s->type));
				if (s->has_af) {
					json_key(&j, "afi");
					json_u64(&j, s->afi);
					json_key(&j, "safi");
					json_u64(&j, s->safi);
				}
				if (s->has_value) {
					json_key(&j, "value");
					json_u64(&j, s->value);
				}
				json_obj_close(&j);
			}
			json_arr_close(&j);
			break;
		case BMP_INITIATION:
		case BMP_TERMINATION:
			if (m->has_term_reason) {
				json_key(&j, "reason");
				json_u64(&j, m->term_reason);
			}
			json_tlvs(&j, m);
			break;
		case BMP_ROUTE_MIRRORING:
			if (m->has_mirror_info) {
				json_key(&j, "information");
				json_u64(&j, m->mirror_info);
			}
			json_tlvs(&j, m);
			break;
		default:
			break;
		}
	}
	if (m->type == BMP_ROUTE_MONITORING || m->type == BMP_PEER_UP || m->type == BMP_PEER_DOWN) {
		json_key(&j, "elems");
		wbuf_putc(&d->out, '[');
		wbuf_put(&d->out, d->elems.p, d->elems.len);
		wbuf_putc(&d->out, ']');
	}
	json_obj_close(&j);
	wbuf_putc(&d->out, '\n');
}

static void print_text(struct dec *d, const struct bmp_msg *m, const char *err)
{
	char ip[IP_STRLEN];
	wbuf_printf(&d->out, "BMP|%s", bmp_type_name(m->type));
	if (m->has_peer) {
		ip_fmt(&m->peer.addr, ip);
		wbuf_printf(&d->out, "|%u|0x%02x|%s|%u|%" PRIu32 ".%06" PRIu32, m->peer.type, m->peer.flags, ip,
			    m->peer.as, m->peer.ts_sec, m->peer.ts_usec);
	}
	if (err)
		wbuf_printf(&d->out, "|error: %s", err);
	else if (m->type == BMP_PEER_DOWN)
		wbuf_printf(&d->out, "|%s", bmp_down_reason_name(m->down_reason));
	wbuf_putc(&d->out, '\n');
	wbuf_put(&d->out, d->elems.p, d->elems.len);
}

static void on_msg(void *ctx, uint64_t frame, const struct bmp_flow *f, const uint8_t *p, size_t len)
{
	struct dec *d = ctx;
	(void)f;
	static struct bmp_msg m;   /* ~3 KiB; one decode at a time */
	const char *reason = NULL;
	d->frame = frame;
	d->msgs++;
	d->elems.len = 0;
	d->nelems = 0;
	enum bmp_status st = bmp_decode(&m, p, len, &reason);
	if (st == BMP_OK) {
		const char *why = NULL;
		if (bmp_session_apply(&d->sess, &m, 0, on_elem, d, &why) != BMP_OK) {
			st = BMP_MALFORMED;
			reason = why;
		}
	}
	if (st != BMP_OK) {
		d->bad++;
		if (frame)
			log_input(reason, "%s: frame %" PRIu64 ": %s message: %s", d->path, frame, bmp_type_name(m.type),
				  reason);
		else
			log_input(reason, "%s: message %" PRIu64 ": %s message: %s", d->path, d->msgs,
				  bmp_type_name(m.type), reason);
	}
	if (d->json)
		print_json(d, &m, st == BMP_OK ? NULL : reason);
	else
		print_text(d, &m, st == BMP_OK ? NULL : reason);
	if (d->out.len > 65536)
		wbuf_flush(&d->out, stdout);
}

static void on_stream_err(void *ctx, uint64_t frame, const struct bmp_flow *f, const char *reason)
{
	struct dec *d = ctx;
	char a[IP_STRLEN], b[IP_STRLEN];
	ip_fmt(&f->src, a);
	ip_fmt(&f->dst, b);
	d->bad++;
	log_input(reason, "%s: frame %" PRIu64 ": stream %s.%u > %s.%u: %s; the rest of it is skipped", d->path, frame,
		  a, f->sport, b, f->dport, reason);
}

int cmd_bmp_decode(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "port", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint16_t ports[16];
	size_t nports = 0;
	struct dec d;
	memset(&d, 0, sizeof d);
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': d.json = true; break;
		case 'p': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (!*optarg || *end || v < 1 || v > 65535 || nports >= 16) {
				fprintf(stderr, "manrs bmp decode: --port: '%s' is not a port from 1 to 65535 (at most 16)\n",
					optarg);
				return EXIT_USAGE;
			}
			ports[nports++] = (uint16_t)v;
			break;
		}
		case 'q': log_set_quiet(1); break;
		case 'h': fputs(DECODE_USAGE, stdout); return EXIT_OK;
		default: fputs(DECODE_USAGE, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(DECODE_USAGE, stderr);
		return EXIT_USAGE;
	}
	d.path = argv[optind];
	char *buf = NULL;
	size_t len = 0;
	char err[512];
	if (text_read_file(d.path, BMP_DECODE_MAX_FILE, &buf, &len, NULL, err, sizeof err) < 0) {
		log_error("%s", err);
		return EXIT_FAIL;
	}
	if (len == 0) {
		log_error("%s: empty file", d.path);
		free(buf);
		return EXIT_FAIL;
	}
	const uint8_t *p = (const uint8_t *)buf;
	bool pcap = len >= 4 && (be32(p) == 0xa1b2c3d4 || be32(p) == 0xd4c3b2a1 || be32(p) == 0xa1b23c4d ||
				 be32(p) == 0x4d3cb2a1 || be32(p) == 0x0a0d0d0a);
	if (!pcap && p[0] != BMP_VERSION && p[0] != BMP_VERSION_TLV) {
		log_error("%s: neither a pcap capture nor BMP messages (first byte is not version 3 or 4)", d.path);
		free(buf);
		return EXIT_FAIL;
	}
	wbuf_init(&d.out, 1 << 16);
	wbuf_init(&d.elems, 4096);
	mrt_fmt_init(&d.fmt, MRT_FMT_BGPDUMP_M);
	bmp_session_init(&d.sess);
	int rc = EXIT_OK;
	if (pcap) {
		struct bmp_pcap_stats st;
		const char *reason;
		if (bmp_pcap_read(p, len, ports, nports, on_msg, on_stream_err, &d, &st, &reason) < 0) {
			log_error("%s: %s", d.path, reason);
			rc = EXIT_FAIL;
		} else if (st.gaps) {
			log_input("capture gaps", "%s: %" PRIu64 " TCP segments could not be placed (gaps in the capture)",
				  d.path, st.gaps);
			d.bad++;
		}
	} else {
		size_t off = 0;
		while (off < len) {
			uint32_t mlen;
			const char *reason;
			enum bmp_status s = bmp_frame(p + off, len - off, &mlen, &reason);
			if (s == BMP_NEED_MORE) {
				log_input("truncated", "%s: offset %zu: the file ends inside a BMP message", d.path, off);
				d.bad++;
				break;
			}
			if (s != BMP_OK) {
				log_input(reason, "%s: offset %zu: %s; the rest of the file is skipped", d.path, off, reason);
				d.bad++;
				break;
			}
			on_msg(&d, 0, NULL, p + off, mlen);
			off += mlen;
		}
	}
	log_input_summary();
	if (rc == EXIT_OK && d.bad)
		rc = EXIT_SKIPPED;
	if (rc != EXIT_FAIL && (wbuf_flush(&d.out, stdout) < 0 || fflush(stdout) != 0)) {
		log_error("write error on standard output");
		rc = EXIT_FAIL;
	}
	bmp_session_free(&d.sess);
	mrt_fmt_free(&d.fmt);
	wbuf_free(&d.elems);
	wbuf_free(&d.out);
	free(buf);
	return rc;
}
