/*
 * BGP UPDATE decoding: path attributes (RFC 4271, 4760, 6793, 7606, 8092,
 * 9234) and NLRI (with RFC 7911 ADD-PATH). Pure: no I/O, no logging. Views
 * point into the caller's buffer and stay valid as long as it does.
 */
#ifndef MANRS_BGP_BGP_H
#define MANRS_BGP_BGP_H

#include "lib/limits.h"
#include "lib/rbuf.h"
#include "net/net.h"

#include <stdbool.h>
#include <stdint.h>

/* Attribute type codes (IANA "BGP Path Attributes"). */
enum {
	BGP_ATTR_ORIGIN = 1,
	BGP_ATTR_AS_PATH = 2,
	BGP_ATTR_NEXT_HOP = 3,
	BGP_ATTR_MED = 4,
	BGP_ATTR_LOCAL_PREF = 5,
	BGP_ATTR_ATOMIC_AGGREGATE = 6,
	BGP_ATTR_AGGREGATOR = 7,
	BGP_ATTR_COMMUNITIES = 8,
	BGP_ATTR_ORIGINATOR_ID = 9,
	BGP_ATTR_CLUSTER_LIST = 10,
	BGP_ATTR_MP_REACH_NLRI = 14,
	BGP_ATTR_MP_UNREACH_NLRI = 15,
	BGP_ATTR_EXT_COMMUNITIES = 16,
	BGP_ATTR_AS4_PATH = 17,
	BGP_ATTR_AS4_AGGREGATOR = 18,
	BGP_ATTR_LARGE_COMMUNITIES = 32,
	BGP_ATTR_OTC = 35,
};

/* Attribute flags (RFC 4271 section 4.3). */
#define BGP_ATTR_FLAG_OPTIONAL 0x80
#define BGP_ATTR_FLAG_TRANSITIVE 0x40
#define BGP_ATTR_FLAG_PARTIAL 0x20
#define BGP_ATTR_FLAG_EXTLEN 0x10

/* AS_PATH segment types (RFC 4271, RFC 5065). */
enum {
	BGP_AS_SET = 1,
	BGP_AS_SEQUENCE = 2,
	BGP_AS_CONFED_SEQUENCE = 3,
	BGP_AS_CONFED_SET = 4,
};

#define BGP_AS_TRANS 23456u

enum bgp_status {
	BGP_OK = 0,
	BGP_MALFORMED,      /* framing broken: the UPDATE cannot be used */
	BGP_UNSUPPORTED,
};

/* What RFC 7606 says to do with an UPDATE after an attribute error. */
enum bgp_action {
	BGP_ACT_NONE = 0,
	BGP_ACT_ATTR_DISCARD,       /* the bad attribute is ignored */
	BGP_ACT_TREAT_AS_WITHDRAW,  /* announced routes count as withdrawn */
	BGP_ACT_SESSION_RESET,      /* the whole UPDATE is unusable */
};

struct bgp_seg {
	uint8_t type;
	uint32_t n;      /* ASNs in this segment */
	uint32_t first;  /* index of its first ASN in bgp_path.asn */
};

/* An AS path with ASNs widened to 32 bits. Arrays grow and are reused. */
struct bgp_path {
	struct bgp_seg *seg;
	uint32_t nseg, cap_seg;
	uint32_t *asn;
	uint32_t nasn, cap_asn;
};

struct bgp_mp_reach {
	uint16_t afi;
	uint8_t safi;
	uint8_t nh_len;         /* as on the wire */
	uint8_t nh[32];         /* first min(nh_len, 32) bytes */
	bool abbreviated;       /* RFC 6396 section 4.3.4 form in RIB entries */
	const uint8_t *nlri;
	uint32_t nlri_len;
};

struct bgp_mp_unreach {
	uint16_t afi;
	uint8_t safi;
	const uint8_t *nlri;
	uint32_t nlri_len;
};

struct bgp_unknown_attr {
	uint8_t flags, type;
	uint16_t len;
	const uint8_t *val;
};

struct bgp_attrs {
	uint64_t gen;              /* new for every decode, unique in the process: identifies one attribute set */
	uint64_t seen[4];          /* bit per type code: first occurrence present and well-formed */
	int asn_size;              /* 2 or 4: how AS_PATH/AGGREGATOR were encoded */
	uint8_t origin;
	struct bgp_path as_path;   /* AS_PATH as received */
	struct bgp_path as4_path;  /* AS4_PATH as received */
	struct bgp_path path;      /* effective path: RFC 6793 section 4.2.3 merge */
	bool as4_merged;           /* AS4_PATH took part in `path` */
	uint8_t next_hop[4];
	uint32_t med, local_pref;
	uint32_t aggr_as;          /* effective aggregator (AS4_AGGREGATOR applied) */
	uint8_t aggr_ip[4];
	uint32_t as4_aggr_as;
	uint8_t as4_aggr_ip[4];
	const uint8_t *comm;       /* COMMUNITIES value, 4 bytes each */
	uint32_t comm_len;
	const uint8_t *ecomm;      /* EXTENDED_COMMUNITIES, 8 bytes each */
	uint32_t ecomm_len;
	const uint8_t *lcomm;      /* LARGE_COMMUNITIES, 12 bytes each */
	uint32_t lcomm_len;
	uint8_t originator_id[4];
	const uint8_t *cluster;    /* CLUSTER_LIST, 4 bytes each */
	uint32_t cluster_len;
	uint32_t otc;
	struct bgp_mp_reach mp_reach;
	struct bgp_mp_unreach mp_unreach;
	struct bgp_unknown_attr unknown[BGP_MAX_UNKNOWN_ATTRS];
	unsigned n_unknown;        /* kept in unknown[] */
	unsigned n_unknown_total;  /* including those past the cap */
	/* RFC 7606 outcome: the most severe action and the first reason. */
	enum bgp_action action;
	const char *error;
	uint8_t error_attr;
	unsigned n_errors;
};

static inline bool bgp_attr_has(const struct bgp_attrs *a, unsigned type)
{
	return (a->seen[type >> 6] >> (type & 63)) & 1;
}

void bgp_attrs_init(struct bgp_attrs *a);
void bgp_attrs_free(struct bgp_attrs *a);

/* Options for bgp_attrs_decode. */
#define BGP_DEC_RIB 0x1      /* MRT RIB entry: MP_REACH may be abbreviated */

/*
 * Decodes the path attributes in `b` (the Path Attributes field of an UPDATE
 * or an MRT RIB entry). asn_size is 2 or 4 (RFC 6793). Returns BGP_OK with
 * attribute-level problems recorded in a->action/a->error (RFC 7606), or
 * BGP_MALFORMED with *reason set when the attribute framing is broken
 * (RFC 7606 section 4: an attribute overruns the field), a repeated or
 * malformed MP_REACH_NLRI / MP_UNREACH_NLRI (sections 3 g, 7.11).
 * A known attribute whose Optional/Transitive flags conflict with its type
 * is malformed (section 3 c); only the first occurrence of an attribute
 * counts, even a malformed one (section 3 g).
 * `a` is reset first; views point into b's buffer.
 */
enum bgp_status bgp_attrs_decode(struct bgp_attrs *a, struct rbuf b, int asn_size, int opts,
				 const char **reason);

/* Number of ASes in a path as RFC 6793 section 4.2.3 counts them: a set is
 * one, confederation segments are zero. */
uint32_t bgp_path_count(const struct bgp_path *p);

/* Origin AS of the effective path: the last ASN of the last segment if that
 * is an AS_SEQUENCE; 0 if the path is empty or ends in a set. */
uint32_t bgp_path_origin(const struct bgp_path *p);

/*
 * Reads one NLRI prefix (RFC 4271 section 4.3, RFC 4760 section 5, with a
 * 4-byte Path Identifier first when addpath: RFC 7911 section 3).
 * Returns 1 with *p filled, 0 at the end, -1 on a malformed entry (*reason).
 */
int bgp_nlri_next(struct rbuf *b, uint8_t afi, bool addpath, struct prefix *p, uint32_t *path_id,
		  const char **reason);

/* Bytes at the start of an NLRI field that hold whole, valid entries. */
size_t bgp_nlri_valid_len(const uint8_t *p, size_t len, uint8_t afi, bool addpath);

/* True if the whole NLRI field parses cleanly with the given framing. */
bool bgp_nlri_valid(const uint8_t *p, size_t len, uint8_t afi, bool addpath);

/*
 * Decides whether an NLRI field uses ADD-PATH framing when the container
 * does not say (some collectors wrote ADD-PATH NLRI under non-ADD-PATH MRT
 * subtypes). Returns the framing that parses cleanly; `declared` wins when
 * both or neither do.
 */
bool bgp_nlri_guess_addpath(const uint8_t *p, size_t len, uint8_t afi, bool declared);

#endif
