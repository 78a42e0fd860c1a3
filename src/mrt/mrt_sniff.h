/*
 * Telling MRT data (RFC 6396) from other files by its first bytes, without
 * reading the rest: `manrs refdata check` uses it to name routing dumps it
 * finds among reference data instead of loading them.
 */
#ifndef MANRS_MRT_MRT_SNIFF_H
#define MANRS_MRT_MRT_SNIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True for the MRT types and subtypes of RFC 6396 section 4 and RFC 8050
 * (the deprecated BGP type 5 too; OSPF and IS-IS types with any subtype). */
bool mrt_type_known(uint16_t type, uint16_t subtype);

/*
 * Whether `head`, the first len bytes of a (decompressed) file, starts with
 * MRT records: the common header of RFC 6396 section 2 with a known type
 * and subtype and a length no longer than MRT_MAX_RECORD_LEN, and, when the
 * head holds it, a second such header right after the first record. Pure.
 */
bool mrt_sniff(const uint8_t *head, size_t len);

#endif
