/*
 * MRT (RFC 6396, RFC 8050) reading: record framing over lib/input.h (files
 * or stdin, decompressed in their own thread), and a pure decoder that turns each record
 * into route elements (RIB entries, announcements, withdrawals, state
 * changes) handed to a callback. Formatting lives in mrt_format.h.
 */
#ifndef MANRS_MRT_MRT_H
#define MANRS_MRT_MRT_H

#include "bgp/bgp.h"
#include "lib/input.h"
#include "net/net.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* MRT types (RFC 6396 section 4, and the deprecated ones of section 5). */
enum {
	MRT_BGP = 5,            /* deprecated (RFC 6396 appendix B) */
	MRT_TABLE_DUMP = 12,
	MRT_TABLE_DUMP_V2 = 13,
	MRT_BGP4MP = 16,
	MRT_BGP4MP_ET = 17,
};

/* Subtypes of the deprecated BGP type. */
enum {
	MRT_BGP_NULL = 0, MRT_BGP_UPDATE = 1, MRT_BGP_PREF_UPDATE = 2, MRT_BGP_STATE_CHANGE = 3,
	MRT_BGP_SYNC = 4, MRT_BGP_OPEN = 5, MRT_BGP_NOTIFY = 6, MRT_BGP_KEEPALIVE = 7,
};

/* TABLE_DUMP subtypes: the AFI (RFC 6396 section 4.2); 3 and 4 are the
 * 4-octet-AS variants some tools wrote. */
enum { MRT_TD_IPV4 = 1, MRT_TD_IPV6 = 2, MRT_TD_IPV4_AS4 = 3, MRT_TD_IPV6_AS4 = 4 };

/* TABLE_DUMP_V2 subtypes (RFC 6396 section 4.3, RFC 8050 section 4). */
enum {
	MRT_TD2_PEER_INDEX_TABLE = 1,
	MRT_TD2_RIB_IPV4_UNICAST = 2,
	MRT_TD2_RIB_IPV4_MULTICAST = 3,
	MRT_TD2_RIB_IPV6_UNICAST = 4,
	MRT_TD2_RIB_IPV6_MULTICAST = 5,
	MRT_TD2_RIB_GENERIC = 6,
	MRT_TD2_RIB_IPV4_UNICAST_ADDPATH = 8,
	MRT_TD2_RIB_IPV4_MULTICAST_ADDPATH = 9,
	MRT_TD2_RIB_IPV6_UNICAST_ADDPATH = 10,
	MRT_TD2_RIB_IPV6_MULTICAST_ADDPATH = 11,
	MRT_TD2_RIB_GENERIC_ADDPATH = 12,
};

/* BGP4MP / BGP4MP_ET subtypes (RFC 6396 section 4.4, RFC 8050 section 3). */
enum {
	MRT_BGP4MP_STATE_CHANGE = 0,
	MRT_BGP4MP_MESSAGE = 1,
	MRT_BGP4MP_ENTRY = 2,
	MRT_BGP4MP_SNAPSHOT = 3,
	MRT_BGP4MP_MESSAGE_AS4 = 4,
	MRT_BGP4MP_STATE_CHANGE_AS4 = 5,
	MRT_BGP4MP_MESSAGE_LOCAL = 6,
	MRT_BGP4MP_MESSAGE_AS4_LOCAL = 7,
	MRT_BGP4MP_MESSAGE_ADDPATH = 8,
	MRT_BGP4MP_MESSAGE_AS4_ADDPATH = 9,
	MRT_BGP4MP_MESSAGE_LOCAL_ADDPATH = 10,
	MRT_BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH = 11,
};

/* ---- Records ------------------------------------------------------- */

struct mrt_record {
	uint32_t ts;          /* seconds */
	uint32_t usec;        /* BGP4MP_ET microseconds, else 0 */
	uint16_t type, subtype;
	uint32_t len;         /* body length (after the ET microseconds) */
	const uint8_t *body;  /* valid until the next mrt_reader_next() */
	uint64_t offset;      /* of the record header in the decompressed stream */
};

struct mrt_reader {
	struct input *in;
	uint8_t *buf;           /* window over the decompressed stream */
	size_t cap;
	uint64_t base, end;     /* stream offsets of buf[0] and of the data's end */
	uint64_t start;         /* stream offset of the next header */
	bool eof;
	uint64_t prev;          /* stream offset of the last record's header */
	bool have_prev;
	uint32_t last_ts;       /* of the last plausible record, for resync */
	bool have_ts;
	uint64_t bad_header;    /* offset of the last damaged header */
	uint64_t skipped_bytes; /* from it to the record found after it (or to the end) */
	uint64_t skipped_total; /* all bytes skipped that way in this stream */
};

enum mrt_read_status {
	MRT_READ_OK = 1,
	MRT_READ_EOF = 0,
	MRT_READ_SKIP = -1,      /* record unusable (bad ET length); go on */
	MRT_READ_TRUNCATED = -2, /* the stream ends inside a record; stop */
	MRT_READ_RESYNC = -3,    /* a damaged header was skipped: *reason says why,
				  * r->bad_header where, r->skipped_bytes how
				  * many bytes were passed over; rec is the next
				  * good record, returned as for MRT_READ_OK */
};

void mrt_reader_init(struct mrt_reader *r, struct input *in);
void mrt_reader_free(struct mrt_reader *r);
/* Frames the next record (RFC 6396 section 2). *reason is set for SKIP,
 * TRUNCATED and RESYNC. After a header that cannot be right (unknown type,
 * impossible length) the reader looks for the next offset where two
 * consecutive plausible headers start, from just after the previous
 * header, since a damaged length field is the usual cause; records are
 * never lost to one bad length. The search goes on to the end of the
 * stream if need be, in bounded memory; r->skipped_bytes says how far it
 * went (also when it finds nothing and returns TRUNCATED). */
enum mrt_read_status mrt_reader_next(struct mrt_reader *r, struct mrt_record *rec, const char **reason);

/* ---- Decoding into route elements --------------------------------- */

enum mrt_elem_type {
	MRT_ELEM_RIB = 0,       /* a RIB entry (TABLE_DUMP, TABLE_DUMP_V2, BGP4MP_ENTRY) */
	MRT_ELEM_ANNOUNCE,
	MRT_ELEM_WITHDRAW,
	MRT_ELEM_STATE,
};

/* Where an announced or withdrawn prefix came from inside the UPDATE. */
enum mrt_nlri_src {
	MRT_NLRI_NONE = 0,
	MRT_NLRI_BGP,           /* Withdrawn Routes or NLRI field (IPv4 unicast) */
	MRT_NLRI_MP,            /* MP_REACH_NLRI / MP_UNREACH_NLRI */
};

struct mrt_elem {
	const struct mrt_record *rec;
	enum mrt_elem_type type;
	enum mrt_nlri_src src;
	bool addpath;             /* path_id is meaningful */
	bool addpath_guessed;     /* framing differed from the MRT subtype */
	bool local;               /* *_LOCAL: a message the collector sent */
	uint16_t safi;
	struct ip_addr peer_ip;   /* the remote peer */
	uint32_t peer_as;
	struct ip_addr local_ip;  /* the collector side, where recorded */
	uint32_t local_as;
	struct prefix prefix;
	uint32_t path_id;
	uint32_t orig_time;       /* RIB entries: originated time */
	struct ip_addr entry_nh;  /* BGP4MP_ENTRY: its own next hop field */
	const struct bgp_attrs *attrs;  /* RIB and ANNOUNCE; valid during the callback */
	uint16_t old_state, new_state;
	bool no_addrs;            /* Zebra's 8-byte STATE_CHANGE: no addresses recorded */
};

typedef void (*mrt_elem_cb)(const struct mrt_elem *e, void *ctx);

struct mrt_peer {
	struct ip_addr ip;
	uint32_t as;
	uint8_t bgp_id[4];
};

struct mrt_decoder {
	struct mrt_peer *peers;   /* TABLE_DUMP_V2 PEER_INDEX_TABLE */
	uint32_t npeers;
	bool have_peer_index;
	uint8_t collector_id[4];
	char view[256];
	struct bgp_attrs attrs;
	/* Entries of the last RIB record skipped for a bad attribute block,
	 * and why (RIB entries are framed independently). */
	unsigned entries_skipped;
	const char *entry_reason;
	unsigned addpath_guesses;
	/* RFC 7606 outcome of the last record: UPDATEs whose announcements
	 * were turned into withdrawals, and attributes discarded. */
	unsigned treat_as_withdraw;
	unsigned attrs_discarded;
	const char *attr_reason;
	/* MP_REACH/MP_UNREACH of an AFI/SAFI not decoded into prefixes in the
	 * last record (kept raw in attrs.mp_reach / attrs.mp_unreach). */
	unsigned mp_raw;
	/* The last record cut its BGP message short (the collector's doing):
	 * the whole prefixes before the cut were emitted. */
	unsigned cut_msgs;
	/* The last record was Zebra's 8-byte BGP4MP STATE_CHANGE (two
	 * 2-byte ASes and the two states; no interface, AFI or addresses). */
	bool zebra_state8;
};

enum mrt_status {
	MRT_OK = 0,
	MRT_MALFORMED,       /* skipped: *reason says which RFC rule broke */
	MRT_UNSUPPORTED,     /* a type or subtype we do not decode (counted) */
	MRT_NO_ELEMS,        /* decoded, carries no route (OPEN, KEEPALIVE, PEER_INDEX) */
};

void mrt_decoder_init(struct mrt_decoder *d);
void mrt_decoder_free(struct mrt_decoder *d);
/* Decodes one record and calls cb for each element, in the order bgpdump
 * prints them: withdrawals (Withdrawn Routes, then MP_UNREACH_NLRI) before
 * announcements (NLRI, then MP_REACH_NLRI). An UPDATE is checked whole
 * before any element is emitted, so a malformed one emits nothing. An
 * UPDATE whose attributes call for treat-as-withdraw (RFC 7606 section 2)
 * emits its announced prefixes as withdrawals; a RIB entry in that state
 * is skipped. d->treat_as_withdraw, d->attrs_discarded and d->attr_reason
 * report it. */
enum mrt_status mrt_decode(struct mrt_decoder *d, const struct mrt_record *rec, mrt_elem_cb cb, void *ctx,
			   const char **reason);

/* Short names for messages and statistics. */
const char *mrt_type_name(uint16_t type);
const char *mrt_subtype_name(uint16_t type, uint16_t subtype);

#endif
