/*
 * MRT writing (RFC 6396): records in their wire form, and an archive that
 * writes a live feed the way RIPE RIS collectors do: BGP4MP_ET update files
 * every 5 or 15 minutes and TABLE_DUMP_V2 RIB dumps every N hours, named
 * updates.YYYYMMDD.HHMM and bview.YYYYMMDD.HHMM (UTC), written as
 * NAME.part and renamed when complete, so readers only see whole files.
 */
#ifndef MANRS_MRT_MRT_WRITE_H
#define MANRS_MRT_MRT_WRITE_H

#include "lib/wbuf.h"
#include "mrt/mrt.h"

#include <stdint.h>

/* Appends rec as an MRT record: the 12-byte header (RFC 6396 section 2),
 * for BGP4MP_ET the microseconds (section 3), then the body. */
void mrt_write_record(struct wbuf *w, const struct mrt_record *rec);

/* ---- RIB table for dumps ------------------------------------------------- */

/* Routes kept for RIB dumps: per (peer, prefix, path id) the attributes in
 * TABLE_DUMP_V2 form (RFC 6396 section 4.3.4: 4-octet AS_PATH, MP_REACH
 * reduced to its next hop), interned so routes sharing attributes share
 * one copy. */
struct mrt_ribtab;

struct mrt_ribtab *mrt_ribtab_new(void);
void mrt_ribtab_free(struct mrt_ribtab *t);
/* Applies a route element (IPv4/IPv6 unicast announcements, withdrawals,
 * a peer leaving Established); others are ignored. */
void mrt_ribtab_elem(struct mrt_ribtab *t, const struct mrt_elem *e);
/* Routes held, distinct attribute sets, bytes allocated. */
uint64_t mrt_ribtab_routes(const struct mrt_ribtab *t);
uint64_t mrt_ribtab_attr_sets(const struct mrt_ribtab *t);
uint64_t mrt_ribtab_mem(const struct mrt_ribtab *t);
/* Appends a whole TABLE_DUMP_V2 dump at ts: PEER_INDEX_TABLE, then
 * RIB_IPV4_UNICAST and RIB_IPV6_UNICAST records (with their ADD-PATH
 * subtypes, RFC 8050, for routes with a path id), prefixes in order. */
void mrt_ribtab_dump(struct mrt_ribtab *t, struct wbuf *w, uint32_t ts, const uint8_t collector_id[4]);

/* ---- Archive ---------------------------------------------------------- */

struct mrt_archive;

/* An archive in dir (created if missing) with update files of
 * update_secs (300 or 900) and RIB dumps every rib_secs (0: none).
 * NULL with err if dir cannot be made. */
struct mrt_archive *mrt_archive_new(const char *dir, uint32_t update_secs, uint32_t rib_secs, char *err,
				    size_t errlen);
/* Closes the files open (renaming them into place) and frees. */
int mrt_archive_free(struct mrt_archive *a, char *err, size_t errlen);
/* Appends one record to the update file of its time (a new file starts
 * when a record falls past the current one's period), and applies its
 * elements to the RIB table when e is given. Writes a RIB dump when the
 * record's time passes a rib_secs boundary. 0, or -1 with err. */
int mrt_archive_record(struct mrt_archive *a, const struct mrt_record *rec, char *err, size_t errlen);
/* The RIB table the caller feeds with elements (mrt_ribtab_elem). */
struct mrt_ribtab *mrt_archive_ribtab(struct mrt_archive *a);
/* Writes a RIB dump at ts now. */
int mrt_archive_dump(struct mrt_archive *a, uint32_t ts, char *err, size_t errlen);
/* Pushes what was written to the open update file to the kernel, so
 * readers of NAME.part see it. 0, or -1 with err. */
int mrt_archive_flush(struct mrt_archive *a, char *err, size_t errlen);
/* Files completed so far. */
uint64_t mrt_archive_files(const struct mrt_archive *a);

#endif
