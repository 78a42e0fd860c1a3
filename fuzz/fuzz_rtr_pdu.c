/*
 * libFuzzer target for the RTR PDU decoder (rtr/rtr_pdu.c): decodes PDUs
 * back to back as a server reads a router's stream. Checks that a decoded
 * PDU's length is its header's and within the input, that every refusal
 * has a reason, and that each PDU an encoder can write re-encodes to the
 * same bytes (zero fields aside, which the decoder does not demand).
 */
#include "rtr/rtr_pdu.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_rtr_pdu: %s\n", why);
	abort();
}

/* Re-encodes p; returns the length, 0 if this type has no exact encoder. */
static size_t reencode(const struct rtr_pdu *p, uint8_t *out, size_t cap)
{
	switch (p->type) {
	case RTR_SERIAL_NOTIFY:
		return rtr_enc_serial_notify(out, cap, p->version, p->session, p->serial);
	case RTR_SERIAL_QUERY:
		return rtr_enc_serial_query(out, cap, p->version, p->session, p->serial);
	case RTR_IPV4_PREFIX:
	case RTR_IPV6_PREFIX:
		return rtr_enc_prefix(out, cap, p->version, p->type == RTR_IPV6_PREFIX, p->flags, p->addr, p->plen,
				      p->maxlen, p->asn);
	case RTR_END_OF_DATA:
		return rtr_enc_end_of_data(out, cap, p->version, p->session, p->serial, p->refresh, p->retry,
					   p->expire);
	case RTR_ROUTER_KEY:
		return p->spki_len <= RTR_MAX_SPKI ? rtr_enc_router_key(out, cap, p->version, p->flags, p->ski, p->asn,
									 p->spki, p->spki_len)
						   : 0;
	default:
		return 0;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[RTR_MAX_PDU];
	size_t off = 0;
	while (off < size) {
		struct rtr_pdu p;
		size_t used;
		const char *why;
		enum rtr_status st = rtr_pdu_decode(data + off, size - off, &p, &used, &why);
		if (st == RTR_NEED_MORE) {
			if (used)
				fail("NEED_MORE with a length used");
			break;
		}
		if (st != RTR_OK) {
			if (!why || !*why)
				fail("a refusal without a reason");
			if (used > size - off)
				fail("a refused PDU's length past the input");
			break;
		}
		if (used < RTR_HEADER_LEN || used > size - off || used != p.length || used > RTR_MAX_PDU)
			fail("a decoded PDU's length is not its header's");
		if (p.type == RTR_ERROR_REPORT && 16 + (size_t)p.err_pdu_len + p.err_text_len != used)
			fail("an Error Report's parts do not add up");
		if (p.type == RTR_ASPA && 12 + 4 * (size_t)p.n_providers != used)
			fail("an ASPA's providers do not fill it");
		size_t n = reencode(&p, out, sizeof out);
		if (n) {
			/* Zero fields are not checked when decoding: compare
			 * with them cleared in a copy of the input. */
			uint8_t in[RTR_MAX_PDU];
			memcpy(in, data + off, used);
			if (p.type == RTR_IPV4_PREFIX || p.type == RTR_IPV6_PREFIX) {
				in[2] = in[3] = 0;
				in[11] = 0;
			} else if (p.type == RTR_ROUTER_KEY) {
				in[3] = 0;
			}
			if (n != used || memcmp(in, out, n))
				fail("a PDU does not re-encode to its own bytes");
		}
		off += used;
	}
	return 0;
}
