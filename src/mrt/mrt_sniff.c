/*
 * MRT detection from a file's first bytes (mrt_sniff.h): one or two common
 * headers (RFC 6396 section 2) checked for a known type and a plausible
 * length. Nothing is decoded.
 */
#include "mrt/mrt_sniff.h"
#include "lib/limits.h"
#include "lib/rbuf.h"
#include "mrt/mrt.h"

bool mrt_type_known(uint16_t type, uint16_t subtype)
{
	switch (type) {
	case MRT_BGP: return subtype <= MRT_BGP_KEEPALIVE;
	case MRT_TABLE_DUMP: return subtype >= MRT_TD_IPV4 && subtype <= MRT_TD_IPV6_AS4;
	case MRT_TABLE_DUMP_V2:
		/* Subtype 7 is unassigned (RFC 8050 section 4 starts at 8). */
		return subtype >= MRT_TD2_PEER_INDEX_TABLE && subtype <= MRT_TD2_RIB_GENERIC_ADDPATH && subtype != 7;
	case MRT_BGP4MP:
	case MRT_BGP4MP_ET: return subtype <= MRT_BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH;
	/* OSPFv2, IS-IS, IS-IS_ET, OSPFv3, OSPFv3_ET (RFC 6396 section 4). */
	case 11: case 32: case 33: case 48: case 49: return true;
	default: return false;
	}
}

/* Reads one common header (timestamp, type, subtype, length); false if it
 * is cut short, of an unknown type or longer than we would ever read. */
static bool header_ok(struct rbuf *b, uint32_t *len)
{
	uint32_t ts;
	uint16_t type, subtype;
	if (rbuf_get_u32(b, &ts) < 0 || rbuf_get_u16(b, &type) < 0 || rbuf_get_u16(b, &subtype) < 0 ||
	    rbuf_get_u32(b, len) < 0)
		return false;
	if (!mrt_type_known(type, subtype) || *len > MRT_MAX_RECORD_LEN)
		return false;
	/* RFC 6396 section 3: _ET types carry 4 bytes of microseconds
	 * counted in the length. */
	if ((type == MRT_BGP4MP_ET || type == 33 || type == 49) && *len < 4)
		return false;
	return true;
}

bool mrt_sniff(const uint8_t *head, size_t len)
{
	struct rbuf b = { head, len, 0 };
	uint32_t n;
	if (!header_ok(&b, &n))
		return false;
	/* A second header inside the head must be good too: one good-looking
	 * header in 12 random bytes is not that unlikely. */
	if (b.len - b.off < (size_t)n + 12)
		return true;
	b.off += n;
	return header_ok(&b, &n);
}
