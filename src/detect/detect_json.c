/*
 * Incidents in store form as JSON and text (docs/incidents.md): the list
 * object of `manrs incidents --json` (also what alerts carry), the deep
 * dive of `manrs incident ID`, and their text forms.
 */
#include "detect/detect.h"

#include "lib/json.h"
#include "lib/wbuf.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void detect_fmt_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void jtime(struct json *j, const char *key, int64_t t)
{
	json_key(j, key);
	if (t < 0) {
		json_null(j);
		return;
	}
	char b[32];
	detect_fmt_time(t, b);
	json_str(j, b);
}

static void jasns(struct json *j, const char *key, const uint32_t *v, size_t n)
{
	json_key(j, key);
	json_arr_open(j);
	for (size_t i = 0; i < n; i++)
		json_u64(j, v[i]);
	json_arr_close(j);
}

static void jstrs(struct json *j, const char *key, char *const *v, size_t n)
{
	json_key(j, key);
	json_arr_open(j);
	for (size_t i = 0; i < n; i++)
		json_str(j, v[i]);
	json_arr_close(j);
}

static void fields(const struct store_incident *inc, struct json *j)
{
	json_key(j, "id");
	json_str(j, inc->id);
	json_key(j, "type");
	json_str(j, inc->type);
	jstrs(j, "prefixes", inc->prefixes, inc->nprefixes);
	json_key(j, "prefix_count");
	json_u64(j, inc->nprefixes_total);
	json_key(j, "covering_prefix");
	if (inc->covering[0])
		json_str(j, inc->covering);
	else
		json_null(j);
	json_key(j, "culprit_asn");
	if (inc->has_culprit)
		json_u64(j, inc->culprit);
	else
		json_null(j);
	jasns(j, "victim_asns", inc->victims, inc->nvictims);
	jasns(j, "accomplice_asns", inc->accomplices, inc->naccomplices);
	json_key(j, "leak_type");
	if (inc->leak_type)
		json_u64(j, (uint64_t)inc->leak_type);
	else
		json_null(j);
	jtime(j, "start", inc->start);
	jtime(j, "end", inc->end);
	json_key(j, "duration");
	if (inc->end >= 0)
		json_u64(j, (uint64_t)(inc->end - inc->start));
	else
		json_null(j);
	json_key(j, "peak_peers");
	json_u64(j, inc->peak_peers);
	json_key(j, "peak_collectors");
	json_u64(j, inc->peak_collectors);
	json_key(j, "suspicion");
	json_u64(j, inc->suspicion < 0 ? 0 : (uint64_t)inc->suspicion);
	json_key(j, "label");
	json_str(j, inc->label);
	jstrs(j, "tags", inc->tags, inc->ntags);
}

void detect_incident_json(const struct store_incident *inc, struct json *j)
{
	json_obj_open(j);
	fields(inc, j);
	json_obj_close(j);
}

void detect_incident_json_full(const struct store_incident *inc, struct json *j)
{
	json_obj_open(j);
	detect_incident_json_keys(inc, j);
	json_obj_close(j);
}

void detect_incident_json_keys(const struct store_incident *inc, struct json *j)
{
	fields(inc, j);
	json_key(j, "peers_total");
	json_u64(j, inc->peers_total);
	json_key(j, "collectors_total");
	json_u64(j, inc->collectors_total);
	json_key(j, "rules");
	json_arr_open(j);
	for (size_t i = 0; i < inc->nrules; i++) {
		const struct store_incident_rule *r = &inc->rules[i];
		json_obj_open(j);
		json_key(j, "rule");
		json_str(j, r->name);
		json_key(j, "delta");
		char b[16];
		snprintf(b, sizeof b, "%d", r->delta);
		json_raw(j, b);
		json_key(j, "cap");
		if (r->cap >= 0)
			json_u64(j, (uint64_t)r->cap);
		else
			json_null(j);
		json_key(j, "reason");
		json_str(j, r->reason);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_key(j, "visibility");
	json_arr_open(j);
	for (size_t i = 0; i < inc->npeers; i++) {
		const struct store_incident_peer *p = &inc->peers[i];
		json_obj_open(j);
		json_key(j, "collector");
		json_str(j, p->collector);
		json_key(j, "peer_ip");
		json_str(j, p->ip);
		json_key(j, "peer_asn");
		json_u64(j, p->asn);
		jtime(j, "first_seen", p->first);
		jtime(j, "last_seen", p->last);
		json_key(j, "routes");
		json_u64(j, p->routes);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_key(j, "timeline");
	json_arr_open(j);
	for (size_t i = 0; i < inc->nevents; i++) {
		const struct store_incident_event *e = &inc->events[i];
		json_obj_open(j);
		jtime(j, "time", e->t);
		json_key(j, "collector");
		json_str(j, e->collector);
		json_key(j, "peer_ip");
		json_str(j, e->ip);
		json_key(j, "peer_asn");
		json_u64(j, e->peer_asn);
		json_key(j, "prefix");
		json_str(j, e->prefix);
		json_key(j, "event");
		json_str(j, e->kind == 'A' ? "announce" : "withdraw");
		json_key(j, "path");
		if (e->kind == 'A')
			json_str(j, e->path ? e->path : "");
		else
			json_null(j);
		json_obj_close(j);
	}
	json_arr_close(j);
	json_key(j, "timeline_total");
	json_u64(j, inc->nevents_total);
	jstrs(j, "paths", inc->paths, inc->npaths);
}

static void asn_list(struct wbuf *w, const uint32_t *v, size_t n)
{
	if (!n)
		wbuf_puts(w, "-");
	for (size_t i = 0; i < n; i++)
		wbuf_printf(w, "%sAS%" PRIu32, i ? "," : "", v[i]);
}

void detect_incident_line(const struct store_incident *inc, struct wbuf *w)
{
	char s[32], e[32] = "ongoing";
	detect_fmt_time(inc->start, s);
	if (inc->end >= 0)
		detect_fmt_time(inc->end, e);
	wbuf_printf(w, "%s  %-12s %3d  %-8s %s .. %s  ", inc->id, inc->type, inc->suspicion, inc->label, s, e);
	if (inc->has_culprit)
		wbuf_printf(w, "culprit AS%" PRIu32, inc->culprit);
	else
		wbuf_puts(w, "culprit -");
	wbuf_puts(w, "  victims ");
	asn_list(w, inc->victims, inc->nvictims);
	wbuf_printf(w, "  %s%s (%" PRIu64 " prefix%s)  peak %" PRIu32 " peers\n", inc->nprefixes ? inc->prefixes[0] : "",
		    inc->nprefixes_total > 1 ? ",..." : "", inc->nprefixes_total, inc->nprefixes_total == 1 ? "" : "es",
		    inc->peak_peers);
}

void detect_incident_text(const struct store_incident *inc, struct wbuf *w)
{
	char s[32], e[32] = "ongoing";
	detect_fmt_time(inc->start, s);
	if (inc->end >= 0)
		detect_fmt_time(inc->end, e);
	wbuf_printf(w, "incident %s\n", inc->id);
	wbuf_printf(w, "  type         %s (label %s)\n", inc->type, inc->label);
	wbuf_printf(w, "  suspicion    %d\n", inc->suspicion);
	wbuf_printf(w, "  start        %s\n  end          %s", s, e);
	if (inc->end >= 0)
		wbuf_printf(w, " (%" PRId64 " s)", inc->end - inc->start);
	wbuf_putc(w, '\n');
	if (inc->has_culprit)
		wbuf_printf(w, "  culprit      AS%" PRIu32 "\n", inc->culprit);
	else
		wbuf_puts(w, "  culprit      -\n");
	wbuf_puts(w, "  victims      ");
	asn_list(w, inc->victims, inc->nvictims);
	wbuf_puts(w, "\n  accomplices  ");
	asn_list(w, inc->accomplices, inc->naccomplices);
	wbuf_putc(w, '\n');
	if (inc->leak_type)
		wbuf_printf(w, "  leak type    RFC 7908 type %d\n", inc->leak_type);
	if (inc->covering[0])
		wbuf_printf(w, "  covering     %s\n", inc->covering);
	wbuf_printf(w, "  visibility   peak %" PRIu32 " peers, %" PRIu32 " collectors; %" PRIu32 " peers and %" PRIu32
		       " collectors in all\n",
		    inc->peak_peers, inc->peak_collectors, inc->peers_total, inc->collectors_total);
	wbuf_printf(w, "prefixes (%" PRIu64 ")\n", inc->nprefixes_total);
	for (size_t i = 0; i < inc->nprefixes; i++)
		wbuf_printf(w, "  %s\n", inc->prefixes[i]);
	if (inc->nprefixes_total > inc->nprefixes)
		wbuf_printf(w, "  ... %" PRIu64 " more\n", inc->nprefixes_total - inc->nprefixes);
	wbuf_puts(w, "evidence tags\n");
	for (size_t i = 0; i < inc->ntags; i++)
		wbuf_printf(w, "  %s\n", inc->tags[i]);
	wbuf_printf(w, "why suspicion %d\n", inc->suspicion);
	for (size_t i = 0; i < inc->nrules; i++) {
		const struct store_incident_rule *r = &inc->rules[i];
		char eff[32];
		if (r->cap >= 0)
			snprintf(eff, sizeof eff, "at most %d", r->cap);
		else
			snprintf(eff, sizeof eff, "%+d", r->delta);
		wbuf_printf(w, "  %-10s %-30s %s\n", eff, r->name, r->reason);
	}
	wbuf_puts(w, "visibility per peer (collector peer-ip ASN: first .. last, routes)\n");
	for (size_t i = 0; i < inc->npeers; i++) {
		const struct store_incident_peer *p = &inc->peers[i];
		char a[32], b[32] = "still up";
		detect_fmt_time(p->first, a);
		if (p->last >= 0)
			detect_fmt_time(p->last, b);
		wbuf_printf(w, "  %s %s AS%" PRIu32 ": %s .. %s, %" PRIu32 "\n", p->collector, p->ip, p->asn, a, b,
			    p->routes);
	}
	wbuf_printf(w, "paths seen (%zu)\n", inc->npaths);
	for (size_t i = 0; i < inc->npaths; i++)
		wbuf_printf(w, "  %s\n", inc->paths[i]);
	wbuf_printf(w, "timeline (%zu of %" PRIu64 " changes)\n", inc->nevents, inc->nevents_total);
	for (size_t i = 0; i < inc->nevents; i++) {
		const struct store_incident_event *ev = &inc->events[i];
		char a[32];
		detect_fmt_time(ev->t, a);
		wbuf_printf(w, "  %s %s %s AS%" PRIu32 " %s %s%s%s\n", a, ev->collector, ev->ip, ev->peer_asn,
			    ev->kind == 'A' ? "announce" : "withdraw", ev->prefix, ev->kind == 'A' ? " path " : "",
			    ev->kind == 'A' ? ev->path : "");
	}
}
