/*
 * BMP, the BGP Monitoring Protocol (RFC 7854, RFC 8671 Adj-RIB-Out, RFC 9069
 * Loc-RIB; version 4 of draft-ietf-grow-bmp-tlv-20, TLVs in Route
 * Monitoring, Statistics and Peer Down): a pure, bounds-checked decoder of
 * one message (bmp_decode), a
 * stream framer (bmp_frame), and a session (bmp_session) that keeps each
 * monitored peer's OPEN capabilities so Route Monitoring UPDATEs decode
 * into route elements (struct mrt_elem) with the per-peer header's time.
 * No I/O, no logging: every function returns a status and a reason.
 */
#ifndef MANRS_BMP_BMP_H
#define MANRS_BMP_BMP_H

#include "bgp/bgp_open.h"
#include "lib/rbuf.h"
#include "mrt/mrt.h"
#include "net/net.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Caps on input-driven sizes. A BMP message holds at most a per-peer
 * header, two OPENs or one BGP message of up to 65,535 bytes (RFC 8654)
 * and TLVs: 1 MiB is far above anything legitimate. */
#define BMP_MAX_MSG_LEN (1u << 20)
#define BMP_MAX_TLVS 32          /* Information TLVs kept per message */
#define BMP_MAX_STATS 64         /* Statistics TLVs kept per report */
#define BMP_MAX_PEERS 65536u     /* monitored peers tracked per BMP session */

#define BMP_VERSION 3
#define BMP_VERSION_TLV 4        /* draft-ietf-grow-bmp-tlv section 3 */
#define BMP_COMMON_LEN 6         /* RFC 7854 section 4.1 */
#define BMP_PEER_HDR_LEN 42      /* RFC 7854 section 4.2 */

/* Message types (RFC 7854 section 4.1). */
enum bmp_type {
	BMP_ROUTE_MONITORING = 0,
	BMP_STATISTICS = 1,
	BMP_PEER_DOWN = 2,
	BMP_PEER_UP = 3,
	BMP_INITIATION = 4,
	BMP_TERMINATION = 5,
	BMP_ROUTE_MIRRORING = 6,
};

/* Peer types (RFC 7854 section 4.2, RFC 9069 section 4.1). */
enum { BMP_PEER_GLOBAL = 0, BMP_PEER_RD = 1, BMP_PEER_LOCAL = 2, BMP_PEER_LOC_RIB = 3 };

/* Per-peer flags (RFC 7854 section 4.2, RFC 8671 section 4); Loc-RIB
 * peers have only F (RFC 9069 section 4.2). */
#define BMP_FLAG_V 0x80   /* IPv6 peer address */
#define BMP_FLAG_L 0x40   /* post-policy */
#define BMP_FLAG_A 0x20   /* legacy 2-octet AS_PATH */
#define BMP_FLAG_O 0x10   /* Adj-RIB-Out */
#define BMP_FLAG_F 0x80   /* Loc-RIB: filtered */

/* Peer Down reasons (RFC 7854 section 4.9, RFC 9069 section 5.4). */
enum {
	BMP_DOWN_LOCAL_NOTIFY = 1,
	BMP_DOWN_LOCAL_NO_NOTIFY = 2,
	BMP_DOWN_REMOTE_NOTIFY = 3,
	BMP_DOWN_REMOTE_NO_DATA = 4,
	BMP_DOWN_DECONFIGURED = 5,
	BMP_DOWN_LOCAL_TLV = 6,
};

enum bmp_status {
	BMP_OK = 0,
	BMP_NEED_MORE,      /* bmp_frame: the message is not all there yet */
	BMP_MALFORMED,      /* *reason says which rule broke; a stream cannot go on */
	BMP_UNSUPPORTED,    /* a message type or version we do not decode */
};

struct bmp_peer_hdr {
	uint8_t type;
	uint8_t flags;
	uint8_t distinguisher[8];
	struct ip_addr addr;      /* IPv4 unless V (types 0-2); Loc-RIB: as sent (zero) */
	uint32_t as;
	uint8_t bgp_id[4];
	uint32_t ts_sec, ts_usec;
};

struct bmp_tlv {
	uint16_t type;
	uint16_t len;
	const uint8_t *val;
};

/* Version 4 TLV types (draft-ietf-grow-bmp-tlv-20 section 9; its
 * Appendix A still uses an older numbering). Route Monitoring TLVs are
 * indexed (section 4.3); Statistics and Peer Down TLVs are not. */
enum {
	BMP_V4_SEQUENCE = 1,       /* 8-byte sequence number (section 5.6.2); Statistics: 1 is the Stats TLV */
	BMP_V4_EXT_FLAGS = 2,      /* section 5.6.3 */
	BMP_V4_TIMESTAMP = 3,      /* type byte, seconds, microseconds (section 5.6.1) */
	BMP_V4_GROUP = 4,          /* G-bit index, two or more NLRI indexes (section 5.2.1) */
	BMP_V4_VRF_NAME = 5,       /* 1 to 255 bytes of UTF-8 (section 5.2.2) */
	BMP_V4_STATELESS = 6,      /* one BGP capability as in an OPEN (section 5.2.3) */
	BMP_V4_BGP_MESSAGE = 7,    /* the UPDATE, index 0 (section 5.2) */
	BMP_V4_STATS = 1,          /* Statistics: the count and stats of RFC 7854 (section 5.4) */
};
#define BMP_V4_G_BIT 0x8000u

/* One TLV of a version 4 message. Enterprise TLVs (E bit, section 4.2)
 * carry a Private Enterprise Number, which len does not count here. */
struct bmp_v4_tlv {
	uint16_t type;            /* 15 bits */
	bool enterprise;
	uint32_t pen;
	bool indexed;
	uint16_t index;           /* G bit included */
	uint16_t len;
	const uint8_t *val;
};

/* One Statistics Report TLV (RFC 7854 section 4.8, RFC 8671 section 5). */
struct bmp_stat {
	uint16_t type;
	uint16_t len;
	bool has_af;              /* per-AFI/SAFI gauge (types 9, 10, 16, 17) */
	uint16_t afi;
	uint8_t safi;
	bool has_value;           /* 4-byte counter or 8-byte gauge decoded */
	uint64_t value;
};

struct bmp_msg {
	uint8_t version;
	uint32_t len;             /* whole message, common header included */
	uint8_t type;
	bool has_peer;
	struct bmp_peer_hdr peer;
	/* Initiation, Termination, Peer Up (trailing), Peer Down (reason 6),
	 * Route Mirroring: the TLVs, the first BMP_MAX_TLVS kept. */
	struct bmp_tlv tlv[BMP_MAX_TLVS];
	unsigned ntlv, ntlv_total;
	/* Termination reason (TLV type 1), if sent */
	bool has_term_reason;
	uint16_t term_reason;
	/* Peer Up (section 4.10) */
	struct ip_addr local_addr;
	uint16_t local_port, remote_port;
	struct rbuf sent_open, recv_open;   /* whole BGP messages */
	struct bgp_open sent, recv;
	/* Peer Down (section 4.9) */
	uint8_t down_reason;
	uint16_t down_fsm_event;            /* reason 2 */
	struct rbuf down_data;              /* reason 1, 3: the NOTIFICATION */
	/* Route Monitoring (section 4.6): the whole BGP UPDATE */
	struct rbuf bgp;
	/* Statistics Report (section 4.8) */
	uint32_t stats_count;
	struct bmp_stat stats[BMP_MAX_STATS];
	unsigned nstats;
	/* Route Mirroring (section 4.7): the BGP message TLV, information code */
	bool has_mirror_msg, has_mirror_info;
	struct rbuf mirror_msg;
	uint16_t mirror_info;
	/* Version 4: the TLVs of Route Monitoring, Statistics and Peer Down
	 * (the first BMP_MAX_TLVS kept), and what the known ones say. A known
	 * TLV whose value is wrong is ignored (section 6) and counted in
	 * v4_ignored, as is an enterprise TLV. */
	struct bmp_v4_tlv v4[BMP_MAX_TLVS];
	unsigned nv4, nv4_total, v4_ignored;
	bool has_seq, has_tstamp, has_ext_flags, has_vrf_name;
	uint64_t seq;
	uint8_t tstamp_type;
	uint32_t tstamp_sec, tstamp_usec;
	uint8_t ext_flags;                  /* the first byte: V, L, A, O, F as in the per-peer header */
	struct rbuf vrf_name;
	unsigned ngroups, nstateless;
};

/*
 * Frames a stream: given the bytes received so far, says whether a whole
 * message starts at p. BMP_OK with *msg_len set; BMP_NEED_MORE; or
 * BMP_MALFORMED (version neither 3 nor 4, a length under 6 or over
 * BMP_MAX_MSG_LEN: RFC 7854 section 4.1) after which the stream cannot be
 * resynchronised.
 */
enum bmp_status bmp_frame(const uint8_t *p, size_t len, uint32_t *msg_len, const char **reason);

/*
 * Decodes one whole message (p, len: exactly the bytes bmp_frame framed).
 * Views in *m point into p. Returns BMP_OK, BMP_MALFORMED with *reason
 * (RFC section cited), or BMP_UNSUPPORTED for an unknown message type
 * (the common header is still filled in). Never allocates.
 */
enum bmp_status bmp_decode(struct bmp_msg *m, const uint8_t *p, size_t len, const char **reason);

/*
 * A version 4 Route Monitoring's Stateless Parsing TLVs (section 5.2.3)
 * for the UPDATE's afi/safi: 1 if they say the UPDATE carries ADD-PATH
 * path identifiers (an ADD-PATH capability with a non-zero mode for it),
 * 0 if they say it does not, -1 if the message has none (then the Peer
 * Up OPENs decide). *as4 is set when a 4-octet AS capability is among them.
 */
int bmp_v4_addpath(const struct bmp_msg *m, uint16_t afi, uint8_t safi, bool *as4);

/* Names for messages and output. */
const char *bmp_type_name(uint8_t type);
const char *bmp_down_reason_name(uint8_t reason);
const char *bmp_stat_name(uint16_t type);

/* ---- Sessions: per-peer capabilities and route elements ---------------- */

struct bmp_peer_state;

/*
 * A route element's BMP context: the per-peer header of the message it
 * came from (type, flags, distinguisher say which RIB view it is).
 */
typedef void (*bmp_elem_cb)(const struct mrt_elem *e, const struct bmp_peer_hdr *ph, void *ctx);

struct bmp_session {
	struct bmp_peer_state *peers;
	size_t npeers, cap;
	uint32_t *index;          /* open addressing over peers: slot + 1, 0 empty */
	size_t index_cap;
	struct mrt_decoder dec;
	uint8_t *scratch;         /* the synthetic MRT record body */
	size_t scratch_cap;
	/* The MRT record of the last message turned into elements: a
	 * BGP4MP_ET MESSAGE* (Route Monitoring) or STATE_CHANGE_AS4 (Peer
	 * Up/Down), as RIS collectors would have written it; valid until
	 * the next call. rec_valid says whether there is one. */
	struct mrt_record rec;
	bool rec_valid;
	uint32_t last_ts;         /* latest record time so far */
	/* counters */
	uint64_t elems, treat_as_withdraw, addpath_guesses, mp_raw, unknown_peer;
	const char *last_warning; /* of the last call: a soft problem worth logging */
};

void bmp_session_init(struct bmp_session *s);
void bmp_session_free(struct bmp_session *s);

/*
 * Applies one decoded message to the session. Peer Up records the peer's
 * OPENs (4-octet AS and ADD-PATH per AFI/SAFI) and emits a STATE element
 * (new state 6, Established); Peer Down forgets them and emits a STATE
 * element (new state 1, Idle); Route Monitoring decodes the UPDATE with the
 * peer's capabilities (the A flag says 2-octet paths; RFC 7606 applies)
 * into ANNOUNCE and WITHDRAW elements. Each element's record time is the
 * per-peer header's timestamp, or `now` when the router sent zero. Other
 * messages change nothing. Returns BMP_OK, or BMP_MALFORMED with *reason
 * when the UPDATE's framing is broken (the message is skipped) or the
 * session tracks BMP_MAX_PEERS peers already.
 */
enum bmp_status bmp_session_apply(struct bmp_session *s, const struct bmp_msg *m, uint32_t now, bmp_elem_cb cb,
				  void *ctx, const char **reason);

/*
 * The BMP session ended at `now` (Termination or connection lost, RFC 7854
 * section 3.3): every peer still up gets a STATE element (Idle), so the
 * route state drops what the router can no longer update. now == 0 means
 * the session's latest record time (a replayed feed keeps its own clock).
 */
void bmp_session_end(struct bmp_session *s, uint32_t now, bmp_elem_cb cb, void *ctx);

/* Peers currently up. */
size_t bmp_session_peers_up(const struct bmp_session *s);

#endif
