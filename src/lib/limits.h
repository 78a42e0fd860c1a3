/*
 * Every cap on an input-driven size lives here, so a reviewer can see in one
 * place how much memory hostile input can make us use.
 */
#ifndef MANRS_LIB_LIMITS_H
#define MANRS_LIB_LIMITS_H

/* Largest MRT record body we accept. RFC 6396 allows 2^32-1; real RIB records
 * reach a few hundred KiB (many peers for one prefix). */
#define MRT_MAX_RECORD_LEN (16u * 1024 * 1024)

/* PEER_INDEX_TABLE: the count field is 16 bits (RFC 6396 section 4.3.1). */
#define MRT_MAX_PEERS 65535u

/* Unknown attributes kept per UPDATE or RIB entry; more are counted only. */
#define BGP_MAX_UNKNOWN_ATTRS 16

/* Rate limit for per-record warnings on stderr: first N per reason, then a summary. */
#define LOG_MAX_PER_REASON 10

#endif
