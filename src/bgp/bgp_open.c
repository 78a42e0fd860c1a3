/*
 * BGP OPEN messages and their capabilities (RFC 4271 section 4.2, RFC 5492,
 * RFC 9072, RFC 4760, RFC 6793, RFC 7911). Every field through rbuf; every
 * length becomes a sub-view.
 */
#include "bgp/bgp_open.h"

#include <string.h>

static const uint8_t MARKER[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* One Capabilities optional parameter's value (RFC 5492 section 4). */
static int decode_caps(struct bgp_open *o, struct rbuf b, const char **reason)
{
	while (rbuf_left(&b)) {
		uint8_t code, len;
		struct rbuf v;
		if (rbuf_get_u8(&b, &code) < 0 || rbuf_get_u8(&b, &len) < 0 || rbuf_get_sub(&b, len, &v) < 0) {
			*reason = "RFC 5492 section 4: capability overruns its optional parameter";
			return -1;
		}
		o->ncaps++;
		switch (code) {
		case BGP_CAP_MP: {
			/* RFC 4760 section 8: AFI, reserved, SAFI. */
			uint16_t afi;
			uint8_t res, safi;
			if (len != 4 || rbuf_get_u16(&v, &afi) < 0 || rbuf_get_u8(&v, &res) < 0 ||
			    rbuf_get_u8(&v, &safi) < 0) {
				*reason = "RFC 4760 section 8: Multiprotocol capability length is not 4";
				return -1;
			}
			if (o->nmp < BGP_OPEN_MAX_AFS)
				o->mp[o->nmp++] = (struct bgp_af){ .afi = afi, .safi = safi };
			break;
		}
		case BGP_CAP_AS4:
			/* RFC 6793 section 3. */
			if (len != 4 || rbuf_get_u32(&v, &o->as4_asn) < 0) {
				*reason = "RFC 6793 section 3: 4-octet AS capability length is not 4";
				return -1;
			}
			o->as4 = true;
			break;
		case BGP_CAP_ADDPATH:
			/* RFC 7911 section 4: AFI, SAFI, Send/Receive, repeated. */
			if (len % 4) {
				*reason = "RFC 7911 section 4: ADD-PATH capability length is not a multiple of 4";
				return -1;
			}
			while (rbuf_left(&v)) {
				uint16_t afi = 0;
				uint8_t safi = 0, mode = 0;
				rbuf_get_u16(&v, &afi);
				rbuf_get_u8(&v, &safi);
				rbuf_get_u8(&v, &mode);
				if (o->naddpath < BGP_OPEN_MAX_AFS)
					o->addpath[o->naddpath++] =
						(struct bgp_af){ .afi = afi, .safi = safi, .mode = mode & 3 };
			}
			break;
		default:
			break;
		}
	}
	return 0;
}

enum bgp_status bgp_open_decode(struct bgp_open *o, struct rbuf msg, const char **reason)
{
	memset(o, 0, sizeof *o);
	uint16_t len = 0;
	uint8_t type = 0, plen;
	size_t total = rbuf_left(&msg);
	if (total < 19 || memcmp(rbuf_cur(&msg), MARKER, 16) != 0) {
		*reason = "RFC 4271 section 4.1: OPEN header short or marker not all ones";
		return BGP_MALFORMED;
	}
	rbuf_skip(&msg, 16);
	rbuf_get_u16(&msg, &len);
	rbuf_get_u8(&msg, &type);
	if (type != 1) {
		*reason = "RFC 4271 section 4.1: message type is not OPEN";
		return BGP_MALFORMED;
	}
	if (len != total) {
		*reason = "RFC 4271 section 4.1: OPEN length field differs from the bytes given";
		return BGP_MALFORMED;
	}
	if (rbuf_get_u8(&msg, &o->version) < 0 || rbuf_get_u16(&msg, &o->my_as) < 0 ||
	    rbuf_get_u16(&msg, &o->hold_time) < 0 || rbuf_get_bytes(&msg, o->bgp_id, 4) < 0 ||
	    rbuf_get_u8(&msg, &plen) < 0) {
		*reason = "RFC 4271 section 4.2: OPEN shorter than its fixed fields";
		return BGP_MALFORMED;
	}
	struct rbuf params;
	bool ext = false;
	/* RFC 9072 section 2: length 255 and a first type of 255 mean a
	 * 2-octet length follows, and each parameter has a 2-octet length. */
	if (plen == 255 && rbuf_left(&msg) >= 1 && rbuf_cur(&msg)[0] == 255) {
		uint16_t elen;
		rbuf_skip(&msg, 1);
		if (rbuf_get_u16(&msg, &elen) < 0 || rbuf_get_sub(&msg, elen, &params) < 0) {
			*reason = "RFC 9072 section 2: extended optional parameters overrun the OPEN";
			return BGP_MALFORMED;
		}
		ext = true;
		o->extended_params = true;
	} else if (rbuf_get_sub(&msg, plen, &params) < 0) {
		*reason = "RFC 4271 section 4.2: optional parameters overrun the OPEN";
		return BGP_MALFORMED;
	}
	if (rbuf_left(&msg)) {
		*reason = "RFC 4271 section 4.2: bytes after the optional parameters";
		return BGP_MALFORMED;
	}
	while (rbuf_left(&params)) {
		uint8_t ptype;
		uint16_t l16 = 0;
		uint8_t l8 = 0;
		struct rbuf v;
		if (rbuf_get_u8(&params, &ptype) < 0 ||
		    (ext ? rbuf_get_u16(&params, &l16) : (rbuf_get_u8(&params, &l8) < 0 ? -1 : (l16 = l8, 0))) < 0 ||
		    rbuf_get_sub(&params, l16, &v) < 0) {
			*reason = "RFC 4271 section 4.2: optional parameter overruns the parameters field";
			return BGP_MALFORMED;
		}
		if (ptype == 2 && decode_caps(o, v, reason) < 0)
			return BGP_MALFORMED;
	}
	return BGP_OK;
}

uint32_t bgp_open_asn(const struct bgp_open *o)
{
	return o->as4 ? o->as4_asn : o->my_as;
}

uint8_t bgp_open_addpath(const struct bgp_open *o, uint16_t afi, uint8_t safi)
{
	for (unsigned i = 0; i < o->naddpath; i++)
		if (o->addpath[i].afi == afi && o->addpath[i].safi == safi)
			return o->addpath[i].mode;
	return 0;
}

bool bgp_open_addpath_on(const struct bgp_open *sender, const struct bgp_open *receiver, uint16_t afi,
			 uint8_t safi)
{
	return (bgp_open_addpath(sender, afi, safi) & BGP_ADDPATH_SEND) &&
	       (bgp_open_addpath(receiver, afi, safi) & BGP_ADDPATH_RECEIVE);
}
