/*
 * ASPA-based AS_PATH verification as draft-ietf-sidrops-aspa-verification-27
 * specifies it: the provider authorization function authorized(AS x, AS y)
 * (section 5.2), the bounds on the up-ramp and down-ramp lengths (5.3), and
 * the algorithms for upstream paths (5.4: routes from customers, lateral
 * peers, RS and RS clients) and downstream paths (5.5: routes from
 * providers). Also the batch mode the command line and the leak detectors
 * use: many paths, counts per verdict. docs/aspa.md explains it all with
 * examples.
 */
#ifndef MANRS_RPKI_ASPA_VERIFY_H
#define MANRS_RPKI_ASPA_VERIFY_H

#include "bgp/bgp.h"
#include "rpki/aspa.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ASPA_DRAFT "draft-ietf-sidrops-aspa-verification-27"

/* The three outcomes of the provider authorization function (section 5.2,
 * figure 1). */
enum aspa_auth {
	ASPA_AUTH_NO_ATTESTATION = 0,   /* x has no ASPA */
	ASPA_AUTH_PROVIDER,             /* "Provider+": y is in x's provider set */
	ASPA_AUTH_NOT_PROVIDER,         /* "Not Provider+": x has an ASPA without y */
};

/* Verification outcomes, best first: a larger value is a worse verdict. */
enum aspa_verdict {
	ASPA_VALID = 0,
	ASPA_UNKNOWN,
	ASPA_INVALID,
};

/* Which procedure applies, from the relation with the neighbour that sent
 * the route (RFC 9234 roles): upstream for routes from a customer, a
 * lateral peer, an RS client (at the RS) or an RS (at its client);
 * downstream for routes from a provider. */
enum aspa_direction {
	ASPA_UPSTREAM = 0,
	ASPA_DOWNSTREAM,
};

/* Both verdicts of one path and the values they were decided from. */
struct aspa_result {
	enum aspa_verdict upstream, downstream;
	/* Static text when the path is Invalid before any pair is checked
	 * (AS 0, a misplaced confederation segment, empty path, neighbour
	 * mismatch, AS_SET), citing the rule; NULL otherwise. */
	const char *reason;
	size_t n;                  /* N: ASes in the path once prepends are collapsed */
	size_t max_up_ramp, min_up_ramp, max_down_ramp, min_down_ramp;  /* 0 when reason is set */
};

/* The provider authorization function authorized(AS x, AS y) (section
 * 5.2): is y an attested provider of x, as far as the table says. The table
 * must be finished. */
enum aspa_auth aspa_authorized(const struct aspa_table *t, uint32_t x, uint32_t y);

/* Removes consecutive duplicate ASNs (prepends) of path[0..n-1] into out,
 * which may be path itself: the draft's COMPRESSED_AS_PATH (section 5.1).
 * Returns N, the number written. */
size_t aspa_path_collapse(const uint32_t *path, size_t n, uint32_t *out);

/*
 * Verifies an AS path both ways in one pass. path[0] is the neighbour (the
 * AS that added itself last), path[n-1] the origin, as in AS_PATH; repeated
 * ASNs in a row (prepends) count once. In this order, the path is Invalid
 * if it holds AS 0 (RFC 7607 section 2: a malformed AS_PATH), if it is empty
 * (step 1 of sections 5.4 and 5.5), or if `neighbor` is not 0 and differs
 * from path[0] (step 2); pass 0 where the neighbour is unknown or is a
 * transparent route server (the receiver is an RS client). Fills *r.
 */
void aspa_verify_path(const struct aspa_table *t, const uint32_t *path, size_t n, uint32_t neighbor,
		      struct aspa_result *r);

/* The upstream and downstream verdicts alone (no neighbour check; AS 0 and
 * the empty path are Invalid as above). The upstream one stops at the first
 * "Not Provider+" up-ramp pair and looks up no down-ramp pair. */
enum aspa_verdict aspa_verify_upstream(const struct aspa_table *t, const uint32_t *path, size_t n);
enum aspa_verdict aspa_verify_downstream(const struct aspa_table *t, const uint32_t *path, size_t n);

/*
 * Verifies a decoded AS path (segments). Invalid, in this order: AS 0 in
 * any segment (RFC 7607 section 2); a confederation segment (RFC 5065
 * AS_CONFED_SEQUENCE or AS_CONFED_SET) after an AS_SEQUENCE or AS_SET,
 * which only a neighbour outside the confederation can have sent (RFC 5065
 * section 5: a malformed AS_PATH); no AS left (step 1); a neighbour check
 * that fails (step 2: `neighbor`, if not 0, against the most recently added
 * AS, the first of the path as received, confederation segment included);
 * an AS_SET or a segment type RFC 4271 and RFC 5065 do not define (step 3).
 * Leading confederation segments are those of the verifier's own
 * confederation: they are removed and the rest verified as the boundary
 * router verified it when the route entered the confederation (section 6.2
 * of the draft puts verification there). AS_SEQUENCE segments are joined in
 * order. Returns the verdict for `dir`; fills *r if r is not NULL.
 */
enum aspa_verdict aspa_verify_bgp_path(const struct aspa_table *t, const struct bgp_path *p,
				       enum aspa_direction dir, uint32_t neighbor, struct aspa_result *r);

/* "Valid", "Invalid", "Unknown"; "Provider+", "Not Provider+", "No Attestation". */
const char *aspa_verdict_name(enum aspa_verdict v);
const char *aspa_auth_name(enum aspa_auth a);

/*
 * Parses an AS path written as text, as `manrs mrt dump` prints it: ASNs
 * separated by blanks, "{a,b}" an AS_SET, "(a b)" an AS_CONFED_SEQUENCE,
 * "[a,b]" an AS_CONFED_SET; ASNs as asn_parse() reads them (65000, AS65000,
 * asdot 1.10). `p` must be zeroed or hold a path from an earlier call; its
 * arrays are reused. Returns 0, or -1 with *reason (static).
 */
int aspa_path_parse(const char *s, size_t len, struct bgp_path *p, const char **reason);

/* Frees the arrays of a path filled by aspa_path_parse. */
void aspa_path_release(struct bgp_path *p);

/*
 * Batch verification: many paths against one table in one direction, with
 * counts per verdict and per reason a path was not verified (a line that
 * does not parse, an MRT record that cannot be decoded, a route that is not
 * unicast). Pure: it reports through the counters and callbacks and never
 * logs. Used by `manrs aspa verify` for stdin and MRT input, and meant for
 * the leak detectors.
 */
#define ASPA_BATCH_MAX_REASONS 16          /* distinct skip reasons kept */
#define ASPA_BATCH_MAX_LINE 65536u         /* bytes in one text path line */

struct aspa_batch_reason {
	const char *reason;                /* static */
	uint64_t count;
	uint64_t first;                    /* line number or MRT offset of the first */
};

struct mrt_elem;

/* One verified path, for the per-path callback: `line` for text input (0
 * otherwise), `e` the MRT route element (NULL for text), `text`/`len` the
 * line as read (NULL for MRT). Valid during the callback. */
struct aspa_batch_item {
	const struct bgp_path *path;
	uint32_t neighbor;
	enum aspa_verdict verdict;
	const struct aspa_result *r;
	uint64_t line;
	const struct mrt_elem *e;
	const char *text;
	size_t len;
};

struct aspa_batch {
	const struct aspa_table *t;
	enum aspa_direction dir;
	uint64_t paths;                    /* verified */
	uint64_t verdicts[3];              /* by enum aspa_verdict */
	uint64_t skipped;                  /* not verified, all reasons */
	struct aspa_batch_reason reasons[ASPA_BATCH_MAX_REASONS];
	size_t n_reasons;                  /* reasons past the cap count under the last */
	/* Optional: called for every verified path, and for every skip. */
	void (*on_path)(const struct aspa_batch_item *it, void *ctx);
	void (*on_skip)(const char *reason, uint64_t where, void *ctx);
	void *ctx;
	bool stop;                         /* set by a callback: stop reading */
	struct bgp_path scratch;           /* text input */
};

/* Starts a batch over the finished table `t`; callbacks and ctx may be set
 * in *b afterwards. */
void aspa_batch_init(struct aspa_batch *b, const struct aspa_table *t, enum aspa_direction dir);
void aspa_batch_free(struct aspa_batch *b);

/* Verifies one path (aspa_verify_bgp_path) and counts it; `it` (may be
 * NULL) gives the source fields for the callback. Returns the verdict. */
enum aspa_verdict aspa_batch_path(struct aspa_batch *b, const struct bgp_path *p, uint32_t neighbor,
				  const struct aspa_batch_item *it);

/* Counts a path not verified, for a static `reason`, at `where`. */
void aspa_batch_skip(struct aspa_batch *b, const char *reason, uint64_t where);

struct input;

/* Text input: one AS path a line as aspa_path_parse reads it, neighbour
 * first; blank lines and lines starting with '#' are not paths. There is no
 * neighbour AS (the neighbour check is not made). A line that does not
 * parse, or is longer than ASPA_BATCH_MAX_LINE, is skipped. Returns 0, or -1
 * if the stream ended with an error (input_error(in) says which). */
int aspa_batch_text(struct aspa_batch *b, struct input *in);

/* MRT input (RFC 6396): every RIB entry and announcement of IPv4 or IPv6
 * unicast (the draft's section 6.2 limits verification to SAFI 1; others are
 * skipped), with the peer AS as the neighbour. Records that cannot be
 * framed or decoded are skipped, as are RIB entries the decoder dropped.
 * Returns 0, or -1 if the stream ended with an error. */
int aspa_batch_mrt(struct aspa_batch *b, struct input *in);

#endif
