/*
 * RPKI-to-Router protocol PDUs: RFC 6810 (version 0), RFC 8210 (version 1)
 * and the ASPA PDU of draft-ietf-sidrops-8210bis (version 2). Pure codec:
 * bytes in, a decoded struct and a status with a static reason out, and
 * the reverse; no I/O, no allocation.
 */
#ifndef MANRS_RTR_PDU_H
#define MANRS_RTR_PDU_H

#include <stddef.h>
#include <stdint.h>

/* RFC 8210 section 5 PDU types. */
enum rtr_pdu_type {
	RTR_SERIAL_NOTIFY = 0,
	RTR_SERIAL_QUERY = 1,
	RTR_RESET_QUERY = 2,
	RTR_CACHE_RESPONSE = 3,
	RTR_IPV4_PREFIX = 4,
	RTR_IPV6_PREFIX = 6,
	RTR_END_OF_DATA = 7,
	RTR_CACHE_RESET = 8,
	RTR_ROUTER_KEY = 9,
	RTR_ERROR_REPORT = 10,
	RTR_ASPA = 11,
};

/* RFC 8210 section 12 error codes. */
enum rtr_error_code {
	RTR_ERR_CORRUPT_DATA = 0,
	RTR_ERR_INTERNAL = 1,
	RTR_ERR_NO_DATA = 2,
	RTR_ERR_INVALID_REQUEST = 3,
	RTR_ERR_UNSUPPORTED_VERSION = 4,
	RTR_ERR_UNSUPPORTED_TYPE = 5,
	RTR_ERR_UNKNOWN_WITHDRAWAL = 6,
	RTR_ERR_DUPLICATE = 7,
	RTR_ERR_UNEXPECTED_VERSION = 8,
};

/* The highest version this codec knows (2: the 8210bis draft). */
#define RTR_VERSION_MAX 2
#define RTR_HEADER_LEN 8
/* The largest PDU the decoder accepts. Queries are 8 or 12 bytes; a
 * router's Error Report carries at most a PDU and a text, and RFC 8210
 * gives no bound, so this one keeps a hostile length from sizing a
 * buffer (a header announcing 4 GB is refused from its first 8 bytes). */
#define RTR_MAX_PDU 65536u
/* Subject Public Key Info of a Router Key: a P-256 key is 91 bytes. */
#define RTR_MAX_SPKI 1024u
/* Provider ASes in one ASPA PDU that the encoder writes. */
#define RTR_MAX_PROVIDERS 16000u

/* Flags of prefix, Router Key and ASPA PDUs: bit 0 = announcement. */
#define RTR_FLAG_ANNOUNCE 0x01

/* One decoded PDU. Pointers (spki, providers, error PDU and text) point
 * into the decoded buffer and are valid as long as it is. */
struct rtr_pdu {
	uint8_t version;
	uint8_t type;
	uint16_t session;        /* session id, or the error code of an Error Report */
	uint32_t length;
	uint32_t serial;         /* Serial Notify, Serial Query, End of Data */
	uint32_t refresh, retry, expire;   /* End of Data, version >= 1 */
	uint8_t flags;           /* prefix, Router Key, ASPA */
	uint8_t plen, maxlen;    /* prefix PDUs */
	uint8_t addr[16];        /* prefix PDUs: IPv4 in addr[0..3] */
	uint32_t asn;            /* prefix PDUs, Router Key; customer of an ASPA */
	uint8_t ski[20];         /* Router Key */
	const uint8_t *spki;     /* Router Key: Subject Public Key Info */
	uint32_t spki_len;
	const uint8_t *providers;   /* ASPA: n_providers big-endian 32-bit ASNs */
	uint32_t n_providers;
	const uint8_t *err_pdu;  /* Error Report: the erroneous PDU */
	uint32_t err_pdu_len;
	const uint8_t *err_text; /* Error Report: UTF-8 text, not terminated */
	uint32_t err_text_len;
};

enum rtr_status {
	RTR_OK = 0,
	RTR_NEED_MORE,           /* not a whole PDU yet */
	RTR_MALFORMED,           /* broken framing or fields: Error Report code 0 */
	RTR_BAD_VERSION,         /* version above RTR_VERSION_MAX: code 4 */
	RTR_BAD_TYPE,            /* unknown type, or not in this version: code 5 */
	RTR_TOO_BIG,             /* length above RTR_MAX_PDU: code 0 */
};

/* Decodes the PDU at the start of p[0..len). Returns RTR_OK with *pdu filled
 * and *used its length; RTR_NEED_MORE when len is shorter than the header
 * or the length it announces (after the length was found acceptable, so a
 * 4 GB announcement fails at once with RTR_TOO_BIG); otherwise an error
 * with *reason a static string citing the rule broken. On RTR_MALFORMED,
 * RTR_BAD_TYPE and RTR_TOO_BIG, pdu->version and pdu->type hold the header's
 * values; *used is the PDU's length when it is known and whole (so an
 * Error Report can carry it), else 0. */
enum rtr_status rtr_pdu_decode(const uint8_t *p, size_t len, struct rtr_pdu *pdu, size_t *used,
			       const char **reason);

/* Encoders: each writes one PDU into out (which has room for cap bytes)
 * and returns its length, or 0 if cap is too small or an argument is out
 * of range. */
size_t rtr_enc_serial_notify(uint8_t *out, size_t cap, uint8_t version, uint16_t session, uint32_t serial);
size_t rtr_enc_serial_query(uint8_t *out, size_t cap, uint8_t version, uint16_t session, uint32_t serial);
size_t rtr_enc_reset_query(uint8_t *out, size_t cap, uint8_t version);
size_t rtr_enc_cache_response(uint8_t *out, size_t cap, uint8_t version, uint16_t session);
size_t rtr_enc_cache_reset(uint8_t *out, size_t cap, uint8_t version);
/* An IPv4 (v6 == 0) or IPv6 prefix PDU; addr holds 4 or 16 bytes. */
size_t rtr_enc_prefix(uint8_t *out, size_t cap, uint8_t version, int v6, uint8_t flags, const uint8_t *addr,
		      uint8_t plen, uint8_t maxlen, uint32_t asn);
/* End of Data: version 0 carries the serial only (RFC 6810 section 5.8),
 * later versions the three intervals too (RFC 8210 section 5.8). */
size_t rtr_enc_end_of_data(uint8_t *out, size_t cap, uint8_t version, uint16_t session, uint32_t serial,
			   uint32_t refresh, uint32_t retry, uint32_t expire);
/* Router Key (RFC 8210 section 5.10); version >= 1. */
size_t rtr_enc_router_key(uint8_t *out, size_t cap, uint8_t version, uint8_t flags, const uint8_t ski[20],
			  uint32_t asn, const uint8_t *spki, size_t spki_len);
/* ASPA (draft-ietf-sidrops-8210bis section 5.12); version >= 2. A
 * withdrawal carries no providers. */
size_t rtr_enc_aspa(uint8_t *out, size_t cap, uint8_t version, uint8_t flags, uint32_t customer,
		    const uint32_t *providers, size_t n);
/* Error Report (RFC 8210 section 5.11): the erroneous PDU (cut to 256
 * bytes, NULL for none) and a text (cut to 256 bytes). */
size_t rtr_enc_error(uint8_t *out, size_t cap, uint8_t version, uint16_t code, const uint8_t *pdu,
		     size_t pdu_len, const char *text);

/* "Serial Notify", ...; "unknown" for other values. */
const char *rtr_pdu_type_name(unsigned type);
/* "Corrupt Data", ... (RFC 8210 section 12); "unknown" for other values. */
const char *rtr_error_name(unsigned code);

/* RFC 1982 serial number arithmetic (RFC 8210 section 5.1): true if a is
 * newer than b. */
int rtr_serial_gt(uint32_t a, uint32_t b);

#endif
