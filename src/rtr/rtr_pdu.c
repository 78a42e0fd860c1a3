/*
 * RTR PDU codec (RFC 6810, RFC 8210, draft-ietf-sidrops-8210bis): every
 * field of a received PDU goes through the bounds-checked reader; the
 * length in the header is checked against the caps before anything waits
 * for the rest of the PDU, so a hostile length never sizes a buffer.
 */
#include "rtr/rtr_pdu.h"

#include "lib/rbuf.h"

#include <string.h>

static const char R_SHORT_LEN[] = "RFC 8210 section 5.1: PDU length below the 8-byte header";
static const char R_TOO_BIG[] = "RFC 8210 section 5.1: PDU length above 65536 bytes, refused";
static const char R_VERSION[] = "RFC 8210 section 7: protocol version not supported";
static const char R_TYPE[] = "RFC 8210 section 5: unknown PDU type";
static const char R_TYPE_V[] = "RFC 8210 section 5: PDU type not defined in this protocol version";
static const char R_LEN[] = "RFC 8210 section 5: wrong length for this PDU type";
static const char R_PLEN[] = "RFC 8210 section 5.6: prefix length above the address size";
static const char R_MAXLEN[] = "RFC 8210 section 5.6: max length below the prefix length or above the address size";
static const char R_RK_LEN[] = "RFC 8210 section 5.10: Router Key shorter than SKI and ASN";
static const char R_ERR_PDU[] = "RFC 8210 section 5.11: encapsulated PDU overruns the Error Report";
static const char R_ERR_TEXT[] = "RFC 8210 section 5.11: error text overruns the Error Report";
static const char R_ERR_TAIL[] = "RFC 8210 section 5.11: bytes after the error text";
static const char R_ASPA_LEN[] = "draft-ietf-sidrops-8210bis section 5.12: ASPA length not 12 + 4 * providers";

enum rtr_status rtr_pdu_decode(const uint8_t *p, size_t len, struct rtr_pdu *pdu, size_t *used,
			       const char **reason)
{
	memset(pdu, 0, sizeof *pdu);
	*used = 0;
	*reason = NULL;
	if (len < RTR_HEADER_LEN)
		return RTR_NEED_MORE;
	struct rbuf b = rbuf_make(p, len);
	uint32_t length;
	rbuf_get_u8(&b, &pdu->version);
	rbuf_get_u8(&b, &pdu->type);
	rbuf_get_u16(&b, &pdu->session);
	rbuf_get_u32(&b, &length);
	pdu->length = length;
	if (pdu->version > RTR_VERSION_MAX) {
		*reason = R_VERSION;
		if (length >= RTR_HEADER_LEN && length <= len && length <= RTR_MAX_PDU)
			*used = length;
		return RTR_BAD_VERSION;
	}
	if (length < RTR_HEADER_LEN) {
		*reason = R_SHORT_LEN;
		return RTR_MALFORMED;
	}
	if (length > RTR_MAX_PDU) {
		*reason = R_TOO_BIG;
		return RTR_TOO_BIG;
	}
	int known = pdu->type <= RTR_ASPA && pdu->type != 5;
	if (!known || (pdu->type == RTR_ROUTER_KEY && pdu->version < 1) ||
	    (pdu->type == RTR_ASPA && pdu->version < 2)) {
		*reason = known ? R_TYPE_V : R_TYPE;
		if (length <= len)
			*used = length;
		return RTR_BAD_TYPE;
	}
	if (len < length)
		return RTR_NEED_MORE;
	*used = length;
	/* The body: exactly length - 8 bytes. */
	struct rbuf body = rbuf_make(p + RTR_HEADER_LEN, length - RTR_HEADER_LEN);
	size_t blen = length - RTR_HEADER_LEN;
	switch (pdu->type) {
	case RTR_SERIAL_NOTIFY:
	case RTR_SERIAL_QUERY:
		if (blen != 4)
			goto bad_len;
		rbuf_get_u32(&body, &pdu->serial);
		return RTR_OK;
	case RTR_RESET_QUERY:
	case RTR_CACHE_RESPONSE:
	case RTR_CACHE_RESET:
		if (blen != 0)
			goto bad_len;
		return RTR_OK;
	case RTR_IPV4_PREFIX:
	case RTR_IPV6_PREFIX: {
		/* RFC 8210 sections 5.6 and 5.7: flags, prefix length, max
		 * length, zero, the address, the ASN. */
		size_t alen = pdu->type == RTR_IPV4_PREFIX ? 4 : 16;
		if (blen != 4 + alen + 4)
			goto bad_len;
		uint8_t zero;
		rbuf_get_u8(&body, &pdu->flags);
		rbuf_get_u8(&body, &pdu->plen);
		rbuf_get_u8(&body, &pdu->maxlen);
		rbuf_get_u8(&body, &zero);
		rbuf_get_bytes(&body, pdu->addr, alen);
		rbuf_get_u32(&body, &pdu->asn);
		if (pdu->plen > alen * 8) {
			*reason = R_PLEN;
			return RTR_MALFORMED;
		}
		if (pdu->maxlen < pdu->plen || pdu->maxlen > alen * 8) {
			*reason = R_MAXLEN;
			return RTR_MALFORMED;
		}
		return RTR_OK;
	}
	case RTR_END_OF_DATA:
		if (blen != (pdu->version == 0 ? 4u : 16u))
			goto bad_len;
		rbuf_get_u32(&body, &pdu->serial);
		if (pdu->version > 0) {
			rbuf_get_u32(&body, &pdu->refresh);
			rbuf_get_u32(&body, &pdu->retry);
			rbuf_get_u32(&body, &pdu->expire);
		}
		return RTR_OK;
	case RTR_ROUTER_KEY:
		/* RFC 8210 section 5.10: the flags are the high byte of the
		 * session field; then SKI, ASN, and the SPKI to the end. */
		if (blen < 24) {
			*reason = R_RK_LEN;
			return RTR_MALFORMED;
		}
		pdu->flags = (uint8_t)(pdu->session >> 8);
		rbuf_get_bytes(&body, pdu->ski, 20);
		rbuf_get_u32(&body, &pdu->asn);
		pdu->spki = rbuf_cur(&body);
		pdu->spki_len = (uint32_t)rbuf_left(&body);
		return RTR_OK;
	case RTR_ERROR_REPORT: {
		uint32_t n;
		struct rbuf sub;
		if (rbuf_get_u32(&body, &n) < 0)
			goto bad_len;
		if (rbuf_get_sub(&body, n, &sub) < 0) {
			*reason = R_ERR_PDU;
			return RTR_MALFORMED;
		}
		pdu->err_pdu = n ? sub.p : NULL;
		pdu->err_pdu_len = n;
		if (rbuf_get_u32(&body, &n) < 0) {
			*reason = R_ERR_TEXT;
			return RTR_MALFORMED;
		}
		if (rbuf_get_sub(&body, n, &sub) < 0) {
			*reason = R_ERR_TEXT;
			return RTR_MALFORMED;
		}
		pdu->err_text = n ? sub.p : NULL;
		pdu->err_text_len = n;
		if (rbuf_left(&body)) {
			*reason = R_ERR_TAIL;
			return RTR_MALFORMED;
		}
		return RTR_OK;
	}
	case RTR_ASPA:
		/* 8210bis: flags in the first byte after the type, then the
		 * customer ASN and the providers filling the rest. */
		if (blen < 4 || (blen - 4) % 4) {
			*reason = R_ASPA_LEN;
			return RTR_MALFORMED;
		}
		pdu->flags = (uint8_t)(pdu->session >> 8);
		rbuf_get_u32(&body, &pdu->asn);
		pdu->n_providers = (uint32_t)((blen - 4) / 4);
		pdu->providers = pdu->n_providers ? rbuf_cur(&body) : NULL;
		return RTR_OK;
	}
bad_len:
	*reason = R_LEN;
	return RTR_MALFORMED;
}

/* ---- Encoding ------------------------------------------------------ */

static void put16(uint8_t *q, uint16_t v)
{
	q[0] = (uint8_t)(v >> 8);
	q[1] = (uint8_t)v;
}

static void put32(uint8_t *q, uint32_t v)
{
	q[0] = (uint8_t)(v >> 24);
	q[1] = (uint8_t)(v >> 16);
	q[2] = (uint8_t)(v >> 8);
	q[3] = (uint8_t)v;
}

/* The 8-byte header; 0 if cap < len. */
static size_t header(uint8_t *out, size_t cap, uint8_t version, uint8_t type, uint16_t field, size_t len)
{
	if (cap < len || version > RTR_VERSION_MAX || len > RTR_MAX_PDU)
		return 0;
	out[0] = version;
	out[1] = type;
	put16(out + 2, field);
	put32(out + 4, (uint32_t)len);
	return len;
}

size_t rtr_enc_serial_notify(uint8_t *out, size_t cap, uint8_t version, uint16_t session, uint32_t serial)
{
	if (!header(out, cap, version, RTR_SERIAL_NOTIFY, session, 12))
		return 0;
	put32(out + 8, serial);
	return 12;
}

size_t rtr_enc_serial_query(uint8_t *out, size_t cap, uint8_t version, uint16_t session, uint32_t serial)
{
	if (!header(out, cap, version, RTR_SERIAL_QUERY, session, 12))
		return 0;
	put32(out + 8, serial);
	return 12;
}

size_t rtr_enc_reset_query(uint8_t *out, size_t cap, uint8_t version)
{
	return header(out, cap, version, RTR_RESET_QUERY, 0, 8);
}

size_t rtr_enc_cache_response(uint8_t *out, size_t cap, uint8_t version, uint16_t session)
{
	return header(out, cap, version, RTR_CACHE_RESPONSE, session, 8);
}

size_t rtr_enc_cache_reset(uint8_t *out, size_t cap, uint8_t version)
{
	return header(out, cap, version, RTR_CACHE_RESET, 0, 8);
}

size_t rtr_enc_prefix(uint8_t *out, size_t cap, uint8_t version, int v6, uint8_t flags, const uint8_t *addr,
		      uint8_t plen, uint8_t maxlen, uint32_t asn)
{
	size_t alen = v6 ? 16 : 4, len = 8 + 4 + alen + 4;
	if (plen > alen * 8 || maxlen > alen * 8 || maxlen < plen)
		return 0;
	if (!header(out, cap, version, v6 ? RTR_IPV6_PREFIX : RTR_IPV4_PREFIX, 0, len))
		return 0;
	out[8] = flags;
	out[9] = plen;
	out[10] = maxlen;
	out[11] = 0;
	memcpy(out + 12, addr, alen);
	put32(out + 12 + alen, asn);
	return len;
}

size_t rtr_enc_end_of_data(uint8_t *out, size_t cap, uint8_t version, uint16_t session, uint32_t serial,
			   uint32_t refresh, uint32_t retry, uint32_t expire)
{
	size_t len = version == 0 ? 12 : 24;
	if (!header(out, cap, version, RTR_END_OF_DATA, session, len))
		return 0;
	put32(out + 8, serial);
	if (version) {
		put32(out + 12, refresh);
		put32(out + 16, retry);
		put32(out + 20, expire);
	}
	return len;
}

size_t rtr_enc_router_key(uint8_t *out, size_t cap, uint8_t version, uint8_t flags, const uint8_t ski[20],
			  uint32_t asn, const uint8_t *spki, size_t spki_len)
{
	if (version < 1 || spki_len > RTR_MAX_SPKI)
		return 0;
	size_t len = 8 + 20 + 4 + spki_len;
	if (!header(out, cap, version, RTR_ROUTER_KEY, (uint16_t)(flags << 8), len))
		return 0;
	memcpy(out + 8, ski, 20);
	put32(out + 28, asn);
	if (spki_len)
		memcpy(out + 32, spki, spki_len);
	return len;
}

size_t rtr_enc_aspa(uint8_t *out, size_t cap, uint8_t version, uint8_t flags, uint32_t customer,
		    const uint32_t *providers, size_t n)
{
	if (version < 2 || n > RTR_MAX_PROVIDERS)
		return 0;
	size_t len = 12 + 4 * n;
	if (!header(out, cap, version, RTR_ASPA, (uint16_t)(flags << 8), len))
		return 0;
	put32(out + 8, customer);
	for (size_t i = 0; i < n; i++)
		put32(out + 12 + 4 * i, providers[i]);
	return len;
}

size_t rtr_enc_error(uint8_t *out, size_t cap, uint8_t version, uint16_t code, const uint8_t *pdu,
		     size_t pdu_len, const char *text)
{
	size_t tlen = text ? strlen(text) : 0;
	if (!pdu)
		pdu_len = 0;
	if (pdu_len > 256)
		pdu_len = 256;
	if (tlen > 256)
		tlen = 256;
	size_t len = 8 + 4 + pdu_len + 4 + tlen;
	if (!header(out, cap, version, RTR_ERROR_REPORT, code, len))
		return 0;
	put32(out + 8, (uint32_t)pdu_len);
	if (pdu_len)
		memcpy(out + 12, pdu, pdu_len);
	put32(out + 12 + pdu_len, (uint32_t)tlen);
	if (tlen)
		memcpy(out + 16 + pdu_len, text, tlen);
	return len;
}

const char *rtr_pdu_type_name(unsigned type)
{
	static const char *const names[] = {
		"Serial Notify", "Serial Query", "Reset Query", "Cache Response", "IPv4 Prefix", NULL,
		"IPv6 Prefix", "End of Data", "Cache Reset", "Router Key", "Error Report", "ASPA",
	};
	if (type < sizeof names / sizeof names[0] && names[type])
		return names[type];
	return "unknown";
}

const char *rtr_error_name(unsigned code)
{
	static const char *const names[] = {
		"Corrupt Data", "Internal Error", "No Data Available", "Invalid Request",
		"Unsupported Protocol Version", "Unsupported PDU Type", "Withdrawal of Unknown Record",
		"Duplicate Announcement Received", "Unexpected Protocol Version",
	};
	if (code < sizeof names / sizeof names[0])
		return names[code];
	return "unknown";
}

int rtr_serial_gt(uint32_t a, uint32_t b)
{
	/* RFC 1982 section 3.2 with SERIAL_BITS 32. */
	return a != b && (uint32_t)(a - b) < 0x80000000u;
}
