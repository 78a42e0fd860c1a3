/*
 * NLRI prefix lists (RFC 4271 section 4.3, RFC 4760 section 5) with the
 * optional ADD-PATH Path Identifier (RFC 7911 section 3), and the framing
 * guess for collectors that wrote ADD-PATH NLRI under plain MRT subtypes.
 */
#include "bgp/bgp.h"

#include <string.h>

int bgp_nlri_next(struct rbuf *b, uint8_t afi, bool addpath, struct prefix *p, uint32_t *path_id,
		  const char **reason)
{
	if (!rbuf_left(b))
		return 0;
	size_t start = b->off;
	uint32_t id = 0;
	if (addpath && rbuf_get_u32(b, &id) < 0) {
		*reason = "RFC 7911 section 3: Path Identifier truncated";
		return -1;
	}
	uint8_t len;
	if (rbuf_get_u8(b, &len) < 0) {
		b->off = start;
		*reason = "RFC 4271 section 4.3: NLRI length octet missing";
		return -1;
	}
	unsigned max = afi == AFI_IPV6 ? 128 : 32;
	if (len > max) {
		b->off = start;
		*reason = afi == AFI_IPV6 ? "RFC 4760 section 5: IPv6 prefix length over 128"
					  : "RFC 4271 section 4.3: IPv4 prefix length over 32";
		return -1;
	}
	unsigned nbytes = (len + 7u) / 8;
	memset(p->b, 0, sizeof p->b);
	if (rbuf_get_bytes(b, p->b, nbytes) < 0) {
		b->off = start;
		*reason = "RFC 4271 section 4.3: prefix overruns the NLRI field";
		return -1;
	}
	p->afi = afi;
	p->len = len;
	*path_id = id;
	return 1;
}

size_t bgp_nlri_valid_len(const uint8_t *p, size_t len, uint8_t afi, bool addpath)
{
	struct rbuf b = rbuf_make(p, len);
	struct prefix pfx;
	uint32_t id;
	const char *why;
	while (bgp_nlri_next(&b, afi, addpath, &pfx, &id, &why) == 1)
		;
	return b.off; /* bgp_nlri_next leaves the cursor before a bad entry */
}

bool bgp_nlri_valid(const uint8_t *p, size_t len, uint8_t afi, bool addpath)
{
	struct rbuf b = rbuf_make(p, len);
	struct prefix pfx;
	uint32_t id;
	const char *why;
	int rc;
	while ((rc = bgp_nlri_next(&b, afi, addpath, &pfx, &id, &why)) == 1)
		;
	return rc == 0;
}

bool bgp_nlri_guess_addpath(const uint8_t *p, size_t len, uint8_t afi, bool declared)
{
	if (len == 0)
		return declared;
	bool as_declared = bgp_nlri_valid(p, len, afi, declared);
	if (as_declared)
		return declared;
	return bgp_nlri_valid(p, len, afi, !declared) ? !declared : declared;
}
