#!/usr/bin/env python3
"""Writes the hostile MRT inputs of tests/bad/ (a dev tool: the files it
writes are committed; tests never run it). Each input breaks one rule;
its .expected file holds the exact stderr and exit status of
`manrs mrt dump -m` on it, reviewed by hand."""
import struct, os

here = os.path.dirname(os.path.abspath(__file__))
TS = 1000000000

def rec(t, st, body, ts=TS, length=None):
    return struct.pack('>IHHI', ts, t, st, len(body) if length is None else length) + body

def bgp4mp_as4(msg, peer_as=65001, afi=1):
    ip = bytes([10, 0, 0, 1]) if afi == 1 else bytes(15) + b'\x01'
    lip = bytes([10, 0, 0, 2]) if afi == 1 else bytes(15) + b'\x02'
    return struct.pack('>IIHH', peer_as, 65000, 0, afi) + ip + lip + msg

def bgp_msg(mtype, body, length=None):
    return b'\xff' * 16 + struct.pack('>HB', 19 + len(body) if length is None else length, mtype) + body

def update(withdrawn=b'', attrs=b'', nlri=b''):
    return struct.pack('>H', len(withdrawn)) + withdrawn + struct.pack('>H', len(attrs)) + attrs + nlri

ORIGIN = b'\x40\x01\x01\x00'
def aspath4(*asns):
    v = bytes([2, len(asns)]) + b''.join(struct.pack('>I', a) for a in asns)
    return b'\x40\x02' + bytes([len(v)]) + v
NEXTHOP = b'\x40\x03\x04\x0a\x00\x00\x01'
GOOD = rec(16, 4, bgp4mp_as4(bgp_msg(2, update(attrs=ORIGIN + aspath4(65001, 3333) + NEXTHOP, nlri=b'\x18\xc0\x00\x02'))))

PEER_INDEX = rec(13, 1, bytes([192, 0, 2, 1]) + b'\x00\x00' + b'\x00\x01' +
                 b'\x02' + bytes([10, 0, 0, 1]) + bytes([10, 0, 0, 1]) + struct.pack('>I', 65001))
def rib_v4(peer_index, plen=24, pfx=b'\xc0\x00\x02', attrs=ORIGIN + aspath4(65001) + NEXTHOP):
    return rec(13, 2, struct.pack('>IB', 7, plen) + pfx + struct.pack('>H', 1) +
               struct.pack('>HIH', peer_index, TS, len(attrs)) + attrs)

cases = {
    # the file ends 5 bytes into a header, after one good record
    'truncated-header': GOOD + GOOD[:5],
    # the header says 200 bytes, the file holds fewer
    'record-overruns-file': GOOD + rec(16, 4, b'\x00' * 40, length=200),
    # BGP message length says more than the MRT record holds
    'bgp-length-overruns-record': rec(16, 4, bgp4mp_as4(bgp_msg(2, update(), length=60))) + GOOD,
    # the collector cut the message inside the withdrawn routes: the whole
    # prefixes before the cut are kept (old Quagga wrote at most 4,096 bytes)
    'cut-in-withdrawn': rec(16, 4, bgp4mp_as4(bgp_msg(2, struct.pack('>H', 12) + b'\x18\xc0\x00\x02\x10\x0a\x01\x18\xc6', length=100))) + GOOD,
    # an attribute length runs past the path attributes field
    'attr-overruns-update': rec(16, 4, bgp4mp_as4(bgp_msg(2, update(attrs=ORIGIN + b'\x40\x02\x30\x02\x01\x00\x00\xfd\xe9', nlri=b'\x18\xc0\x00\x02')))) + GOOD,
    # Total Path Attribute Length larger than the UPDATE
    'attr-length-overruns-update': rec(16, 4, bgp4mp_as4(bgp_msg(2, b'\x00\x00\x00\x40' + ORIGIN))) + GOOD,
    # NLRI prefix length 33
    'prefix-len-over-32': rec(16, 4, bgp4mp_as4(bgp_msg(2, update(attrs=ORIGIN + aspath4(65001) + NEXTHOP, nlri=b'\x21\x0a\x00\x00\x00\x01')))) + GOOD,
    # MP_REACH IPv6 prefix length 129
    'prefix-len-over-128': rec(16, 4, bgp4mp_as4(bgp_msg(2, update(attrs=ORIGIN + aspath4(65001) +
        b'\x80\x0e\x26\x00\x02\x01\x10' + bytes([0x20, 1, 0xd, 0xb8]) + bytes(11) + b'\x01' + b'\x00' + b'\x81' + bytes(16))), afi=2)) + GOOD,
    # AS_PATH segment claims 9 ASNs, holds 1: RFC 7606 treat-as-withdraw, announced anyway in -m with no path
    'aspath-count-lies': rec(16, 4, bgp4mp_as4(bgp_msg(2, update(attrs=ORIGIN + b'\x40\x02\x06\x02\x09\x00\x00\xfd\xe9' + NEXTHOP, nlri=b'\x18\xc0\x00\x02')))),
    # RIB entry naming peer 5 of a 1-peer index
    'peer-index-out-of-range': PEER_INDEX + rib_v4(5) + rib_v4(0),
    # RIB record before any PEER_INDEX_TABLE
    'rib-without-peer-index': rib_v4(0) + PEER_INDEX + rib_v4(0),
    # a bad BGP marker
    'bad-marker': rec(16, 4, bgp4mp_as4(b'\xfe' + bgp_msg(2, update())[1:])) + GOOD,
    # a damaged header between good records: the reader resynchronises
    'damaged-header': GOOD + b'\xde\xad\xbe\xef' * 3 + GOOD,
    # BGP4MP_ET record too short for its microsecond field
    'et-too-short': rec(17, 4, b'\x00\x01') + GOOD,
    # TABLE_DUMP prefix length 40
    'td1-prefix-len': rec(12, 1, struct.pack('>HH', 0, 0) + bytes([10, 0, 0, 0]) + bytes([40, 1]) +
                          struct.pack('>I', TS) + bytes([10, 0, 0, 1]) + struct.pack('>HH', 65001, 0)) + GOOD,
    # RFC 7606 section 3 (g): a 7-byte AGGREGATOR (malformed on a 4-octet
    # session), then a good one: the first occurrence counts, so neither is
    # used (bgpdump prints the second one's AS)
    'aggregator-bad-then-good': rec(16, 4, bgp4mp_as4(bgp_msg(2, update(attrs=ORIGIN + aspath4(65001) + NEXTHOP +
        b'\xc0\x07\x07\x00\x00\xfd\xe9\x0a\x00\x00' + b'\xc0\x07\x08\x00\x00\xfd\xea\x0a\x00\x00\x02',
        nlri=b'\x18\xc0\x00\x02')))),
    # RFC 7606 section 3 (c): ORIGIN flagged optional transitive: the
    # announcement is treated as withdrawn (ORIGIN's class)
    'origin-flags-optional': rec(16, 4, bgp4mp_as4(bgp_msg(2, update(attrs=b'\xc0\x01\x01\x00' + aspath4(65001) + NEXTHOP,
        nlri=b'\x18\xc0\x00\x02')))) + GOOD,
}

for name, data in cases.items():
    with open(os.path.join(here, name + '.mrt'), 'wb') as f:
        f.write(data)
