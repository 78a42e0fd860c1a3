/*
 * BGP OPEN decoding (RFC 4271 section 4.2, RFC 9072 extended optional
 * parameters) and the capabilities a collector needs to decode UPDATEs of
 * a session: multiprotocol (RFC 4760), 4-octet AS (RFC 6793) and ADD-PATH
 * (RFC 7911). Pure: no I/O, no logging.
 */
#ifndef MANRS_BGP_BGP_OPEN_H
#define MANRS_BGP_BGP_OPEN_H

#include "bgp/bgp.h"
#include "lib/rbuf.h"

#include <stdbool.h>
#include <stdint.h>

/* AFI/SAFI pairs kept per capability; more are counted only. */
#define BGP_OPEN_MAX_AFS 16

/* Capability codes (IANA "Capability Codes"). */
enum { BGP_CAP_MP = 1, BGP_CAP_AS4 = 65, BGP_CAP_ADDPATH = 69 };

/* ADD-PATH Send/Receive field (RFC 7911 section 4). */
#define BGP_ADDPATH_RECEIVE 1
#define BGP_ADDPATH_SEND 2

struct bgp_af {
	uint16_t afi;
	uint8_t safi;
	uint8_t mode;   /* ADD-PATH: BGP_ADDPATH_RECEIVE | BGP_ADDPATH_SEND; else 0 */
};

struct bgp_open {
	uint8_t version;
	uint16_t my_as;          /* as on the wire: AS_TRANS when the AS needs 4 octets */
	uint16_t hold_time;
	uint8_t bgp_id[4];
	bool as4;                /* 4-octet AS capability present */
	uint32_t as4_asn;
	struct bgp_af mp[BGP_OPEN_MAX_AFS];
	unsigned nmp;
	struct bgp_af addpath[BGP_OPEN_MAX_AFS];
	unsigned naddpath;
	unsigned ncaps;          /* capabilities seen, all codes */
	bool extended_params;    /* RFC 9072 form */
};

/*
 * Decodes a whole OPEN message, its 19-byte header included (RFC 4271
 * sections 4.1 and 4.2). Returns BGP_OK, or BGP_MALFORMED with *reason
 * citing the rule broken (bad marker, type, length, an optional parameter
 * or capability overrunning its field). Unknown parameters and
 * capabilities are skipped. Capabilities past BGP_OPEN_MAX_AFS pairs are
 * counted in ncaps only.
 */
enum bgp_status bgp_open_decode(struct bgp_open *o, struct rbuf msg, const char **reason);

/* The speaker's AS: the 4-octet capability's if present, else My AS. */
uint32_t bgp_open_asn(const struct bgp_open *o);

/* The ADD-PATH Send/Receive value the OPEN announced for afi/safi; 0 if none. */
uint8_t bgp_open_addpath(const struct bgp_open *o, uint16_t afi, uint8_t safi);

/*
 * Whether UPDATEs sent by the speaker of `sender` to the speaker of
 * `receiver` carry Path Identifiers for afi/safi: the sender announced
 * Send and the receiver Receive (RFC 7911 section 4).
 */
bool bgp_open_addpath_on(const struct bgp_open *sender, const struct bgp_open *receiver, uint16_t afi,
			 uint8_t safi);

#endif
