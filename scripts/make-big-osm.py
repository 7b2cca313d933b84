#!/usr/bin/env python3
"""Writes a large SYNTHETIC OpenStreetMap extract (no real place) for the
import bench (scripts/osm-import-bench.sh): a SIDE x SIDE grid of road nodes
60 m apart (one way per row and per column, residential; every 10th row and
column primary with a maxspeed; every 7th row one-way), with SIDE/2 shaping
nodes between neighbours on every 3rd row (merged on import), and one
tagged place (a shop, bar, hotel, house ...) per 20 road nodes, next to a
road node. Written in blocks of 8 000 entities with the PBF writer of
scripts/make-osm-fixture.py.

Usage: python3 scripts/make-big-osm.py SIDE OUT.osm.pbf
(SIDE 317 gives about 100 000 road nodes.)
"""
import importlib.util
import pathlib
import random
import sys

spec = importlib.util.spec_from_file_location(
    "fixture", pathlib.Path(__file__).with_name("make-osm-fixture.py"))
fx = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fx)
field, packed, zigzag, blob = fx.field, fx.packed, fx.zigzag, fx.blob

LON0, LAT0 = 24.0, 60.0
DLAT = 60.0 / 111_195.0
DLON = DLAT * 2.0  # cos(60 deg) = 0.5
PLACES = [("shop", "supermarket"), ("amenity", "bar"), ("tourism", "hotel"),
          ("building", "apartments"), ("amenity", "restaurant"),
          ("railway", "station"), ("shop", "second_hand")]
BLOCK = 8000


class Block:
    def __init__(self):
        self.strings = [""]
        self.index = {"": 0}

    def sid(self, s):
        if s not in self.index:
            self.index[s] = len(self.strings)
            self.strings.append(s)
        return self.index[s]

    def table(self):
        return field(1, 2, b"".join(field(1, 2, s.encode()) for s in self.strings))


def node_blocks(nodes):
    """nodes: list of (id, lon, lat, tags)."""
    for i in range(0, len(nodes), BLOCK):
        b = Block()
        group = b""
        for nid, lon, lat, tags in nodes[i:i + BLOCK]:
            n = field(1, 0, zigzag(nid))
            if tags:
                n += (field(2, 2, packed([b.sid(k) for k in tags]))
                      + field(3, 2, packed([b.sid(v) for v in tags.values()])))
            n += field(8, 0, zigzag(round(lat * 1e7))) + field(9, 0, zigzag(round(lon * 1e7)))
            group += field(1, 2, n)
        yield blob("OSMData", b.table() + field(2, 2, group))


def way_blocks(ways):
    """ways: list of (id, refs, tags)."""
    for i in range(0, len(ways), BLOCK // 10):
        b = Block()
        group = b""
        for wid, refs, tags in ways[i:i + BLOCK // 10]:
            deltas, prev = [], 0
            for r in refs:
                deltas.append(zigzag(r - prev))
                prev = r
            w = (field(1, 0, wid) + field(2, 2, packed([b.sid(k) for k in tags]))
                 + field(3, 2, packed([b.sid(v) for v in tags.values()]))
                 + field(8, 2, packed(deltas)))
            group += field(3, 2, w)
        yield blob("OSMData", b.table() + field(2, 2, group))


def main():
    side, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(side)
    nodes, ways = [], []
    grid = lambda r, c: 1 + r * side + c  # noqa: E731
    for r in range(side):
        for c in range(side):
            nodes.append((grid(r, c), LON0 + c * DLON, LAT0 + r * DLAT, None))
    nid = side * side + 1
    wid = 1
    for r in range(side):
        refs = []
        for c in range(side):
            refs.append(grid(r, c))
            if r % 3 == 0 and c + 1 < side and c % 2 == 0:  # a shaping node
                nodes.append((nid, LON0 + (c + 0.5) * DLON, LAT0 + r * DLAT, None))
                refs.append(nid)
                nid += 1
        tags = {"highway": "primary", "maxspeed": "50"} if r % 10 == 0 else {"highway": "residential"}
        if r % 7 == 3:
            tags = dict(tags, oneway="yes")
        ways.append((wid, refs, tags))
        wid += 1
    for c in range(side):
        tags = {"highway": "primary", "maxspeed": "50"} if c % 10 == 0 else {"highway": "residential"}
        ways.append((wid, [grid(r, c) for r in range(side)], tags))
        wid += 1
    for k in range(side * side // 20):
        r, c = rng.randrange(side), rng.randrange(side)
        key, val = PLACES[k % len(PLACES)]
        nodes.append((nid, LON0 + (c + 0.2) * DLON, LAT0 + (r + 0.2) * DLAT, {key: val}))
        nid += 1
    header = field(4, 2, b"OsmSchema-V0.6") + field(16, 2, b"patrolsim make-big-osm")
    with open(out, "wb") as f:
        f.write(blob("OSMHeader", header))
        for bl in node_blocks(nodes):
            f.write(bl)
        for bl in way_blocks(ways):
            f.write(bl)
    print(f"wrote {out}: {side * side} grid nodes, {nid - side * side - 1} more nodes, {len(ways)} ways")


main()
