/*
 * A tiny capture reader for BMP tests and tools: classic libpcap files
 * (not pcapng), Ethernet (with 802.1Q tags), Linux cooked or raw IP
 * links, IPv4 and IPv6, TCP reassembled per direction by sequence number,
 * and BMP messages framed out of the streams whose port is a BMP port.
 * Pure: works on the file's bytes in memory; no logging.
 */
#ifndef MANRS_BMP_BMP_PCAP_H
#define MANRS_BMP_BMP_PCAP_H

#include "net/net.h"

#include <stddef.h>
#include <stdint.h>

/* Caps: TCP directions followed, bytes buffered per direction (a BMP
 * message is at most BMP_MAX_MSG_LEN), segments held out of order. */
#define BMP_PCAP_MAX_FLOWS 1024
#define BMP_PCAP_MAX_PENDING 256

struct bmp_flow {
	struct ip_addr src, dst;
	uint16_t sport, dport;
};

/* One whole BMP message of a stream, the frame (1-based) that completed it. */
typedef void (*bmp_pcap_msg_cb)(void *ctx, uint64_t frame, const struct bmp_flow *f, const uint8_t *msg,
				size_t len);
/* A stream whose framing broke: its bytes are dropped from then on. */
typedef void (*bmp_pcap_err_cb)(void *ctx, uint64_t frame, const struct bmp_flow *f, const char *reason);

struct bmp_pcap_stats {
	uint64_t frames, tcp_segments, messages, gaps, dropped_flows;
};

/*
 * Reads a whole classic pcap file held in memory. TCP directions whose
 * source or destination port is one of ports[] (1790, 10000, 10179 when
 * nports is 0) are reassembled and framed into BMP messages, in the order
 * the frames completing them appear. Returns 0, or -1 with *reason when
 * the file is not a classic pcap or its link type is not handled. A frame
 * cut short or a packet the reader cannot parse is skipped.
 */
int bmp_pcap_read(const uint8_t *p, size_t len, const uint16_t *ports, size_t nports, bmp_pcap_msg_cb cb,
		  bmp_pcap_err_cb err, void *ctx, struct bmp_pcap_stats *st, const char **reason);

#endif
