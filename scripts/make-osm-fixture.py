#!/usr/bin/env python3
"""Writes tests/fixtures/tiny-town.osm.pbf and tests/fixtures/tiny-town.geojson:
a made-up town of eight road nodes (no real place, no OpenStreetMap data),
encoded by hand as OpenStreetMap PBF (protobuf written byte by byte, zlib
blobs; the format: https://wiki.openstreetmap.org/wiki/PBF_Format), so the
tests have a map whose every node and way is known.

Town (lon 24.940..24.946, lat 60.170..60.171; 0.002 deg lon = 111 m here):

    4 ---- 5 ---- 6 --> 10     (6 -> 10 one-way dead end: dropped)
    |      ^      |
  primary  |1-way v 1-way
   60      |      |
    1 -8-- 2 ---- 3            (8 only shapes the road: merged)

plus a footway 5-9 and a driveway 3-11 that cars do not use, and tagged
places 10-20 m from the road nodes (land use from map tags; none within
40 m of two nodes): at 1 two houses (a building way and a node) and a
shop, at 2 a bakery, at 3 a pawnbroker, at 4 a railway station, at 5 a bar,
at 6 a hotel.
Usage: python3 scripts/make-osm-fixture.py   (from the repository root)
"""
import json
import struct
import zlib

NODES = {
    1: (24.940, 60.170), 2: (24.942, 60.170), 3: (24.944, 60.170),
    4: (24.940, 60.171), 5: (24.942, 60.171), 6: (24.944, 60.171),
    8: (24.941, 60.1702), 9: (24.942, 60.172), 10: (24.946, 60.171),
    11: (24.945, 60.1695),
    # tagged places (not on roads)
    30: (24.9421, 60.1699), 31: (24.9441, 60.1699), 32: (24.9399, 60.1711),
    33: (24.9421, 60.1711), 34: (24.9439, 60.1711), 35: (24.9398, 60.1701),
    36: (24.9402, 60.1699),
    40: (24.9397, 60.1698), 41: (24.9399, 60.1698), 42: (24.9399, 60.1699),
    43: (24.9397, 60.1699),
}
NODE_TAGS = {
    30: {"shop": "bakery"},
    31: {"shop": "pawnbroker"},
    32: {"railway": "station", "name": "Pikkuasema"},
    33: {"amenity": "bar"},
    34: {"tourism": "hotel"},
    35: {"building": "house"},
    36: {"shop": "kiosk"},
}
WAYS = [
    (20, [1, 8, 2, 3], {"highway": "residential", "name": "Alakatu"}),
    (21, [4, 5, 6], {"highway": "residential", "name": "Yläkatu"}),
    (22, [1, 4], {"highway": "primary", "maxspeed": "60"}),
    (23, [2, 5], {"highway": "residential", "oneway": "yes"}),
    (24, [6, 3], {"highway": "residential", "oneway": "yes"}),
    (25, [5, 9], {"highway": "footway"}),
    (26, [3, 11], {"highway": "service", "service": "driveway"}),
    (27, [6, 10], {"highway": "residential", "oneway": "yes"}),
    (28, [40, 41, 42, 43, 40], {"building": "apartments"}),
]


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(n):
    return (n << 1) ^ (n >> 63)


def field(num, wire, payload):
    key = varint((num << 3) | wire)
    if wire == 0:
        return key + varint(payload)
    return key + varint(len(payload)) + payload  # wire 2


def packed(nums):
    return b"".join(varint(n) for n in nums)


def blob(kind, data):
    body = field(2, 0, len(data)) + field(3, 2, zlib.compress(data))
    header = field(1, 2, kind.encode()) + field(3, 0, len(body))
    return struct.pack(">I", len(header)) + header + body


def main():
    header_block = field(4, 2, b"OsmSchema-V0.6") + field(16, 2, b"patrolsim fixture")
    strings = [""]

    def sid(s):
        if s not in strings:
            strings.append(s)
        return strings.index(s)

    group = b""
    for nid, (lon, lat) in sorted(NODES.items()):
        tags = NODE_TAGS.get(nid, {})
        node = field(1, 0, zigzag(nid))
        if tags:
            node += (field(2, 2, packed([sid(k) for k in tags]))
                     + field(3, 2, packed([sid(v) for v in tags.values()])))
        node += field(8, 0, zigzag(round(lat * 1e7))) + field(9, 0, zigzag(round(lon * 1e7)))
        group += field(1, 2, node)
    ways = b""
    for wid, refs, tags in WAYS:
        keys = [sid(k) for k in tags]
        vals = [sid(v) for v in tags.values()]
        deltas, prev = [], 0
        for r in refs:
            deltas.append(zigzag(r - prev))
            prev = r
        way = (field(1, 0, wid) + field(2, 2, packed(keys)) + field(3, 2, packed(vals))
               + field(8, 2, packed(deltas)))
        ways += field(3, 2, way)
    table = b"".join(field(1, 2, s.encode()) for s in strings)
    block = field(1, 2, table) + field(2, 2, group) + field(2, 2, ways)
    with open("tests/fixtures/tiny-town.osm.pbf", "wb") as f:
        f.write(blob("OSMHeader", header_block) + blob("OSMData", block))

    feats = []
    for wid, refs, tags in WAYS:
        props = dict(tags)
        if props.get("highway") in ("footway", None) or props.get("service"):
            continue  # a GIS export of the drivable roads only
        props.pop("name", None)
        feats.append({
            "type": "Feature",
            "properties": props,
            "geometry": {"type": "LineString", "coordinates": [list(NODES[r]) for r in refs]},
        })
    with open("tests/fixtures/tiny-town.geojson", "w") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
