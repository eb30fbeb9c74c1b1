"""Checking a legacy Excel (.xls) file against the limits before it is read.

An .xls file is an OLE compound file whose `Workbook` stream holds BIFF records, one per
cell. The reader builds each sheet as a dense range from its first to its last cell, so
a 6 KB file with one value at IV65536 would take a gigabyte. The stream is found in the
compound file (its sector chains followed with loops refused) and its cell records
scanned for the furthest row and column of each sheet, keeping nothing.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

from salespulse.io import limits

_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
#: BIFF records holding one value, the row and column first; MULRK holds several.
_VALUE_CELLS = frozenset({0x0203, 0x00FD, 0x027E, 0x0006, 0x0205, 0x0204, 0x00D6})
_MULRK = 0x00BD
_BOF = 0x0809


class Damaged(Exception):
    """The compound file's structure is broken."""


def largest_sheet(path: Path) -> tuple[int, int]:
    """(rows, columns) of the largest sheet's used range, counted from A1, by its cells."""
    stream = _workbook_stream(path.read_bytes())
    pair = struct.Struct("<HH").unpack_from
    cells, mulrk, bof = _VALUE_CELLS, _MULRK, _BOF
    largest = (0, 0)
    rows = columns = 0
    offset, end = 0, len(stream) - 4
    while offset <= end:
        kind, size = pair(stream, offset)
        offset += 4
        if kind in cells and size >= 4:
            row, col = pair(stream, offset)
            if row >= rows:
                rows = row + 1
            if col >= columns:
                columns = col + 1
        elif kind == mulrk and size >= 6:
            row = pair(stream, offset)[0]
            last = pair(stream, offset + size - 4)[1]
            rows, columns = max(rows, row + 1), max(columns, last + 1)
        elif kind == bof:
            if rows * columns > largest[0] * largest[1]:
                largest = (rows, columns)
            rows = columns = 0
        offset += size
    if rows * columns > largest[0] * largest[1]:
        largest = (rows, columns)
    return largest


def _workbook_stream(data: bytes) -> bytes:
    if len(data) < 512 or not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise Damaged("not a compound file")
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if not 7 <= shift <= 16 or not 2 <= mini_shift < shift:
        raise Damaged("bad sector size")
    sector = 1 << shift
    fat_sectors, directory = struct.unpack_from("<II", data, 0x2C)
    cutoff, mini_fat, mini_fat_sectors, difat, difat_sectors = struct.unpack_from(
        "<IIIII", data, 0x38
    )
    total = len(data) // sector

    def at(n: int) -> bytes:
        if n >= total:
            raise Damaged("sector past the end")
        return data[(n + 1) * sector : (n + 2) * sector]

    fat_list = [n for n in struct.unpack_from("<109I", data, 0x4C) if n not in (_END, _FREE)]
    for _ in range(difat_sectors):
        if difat in (_END, _FREE) or len(fat_list) > total:
            break
        links = struct.unpack(f"<{sector // 4}I", at(difat))
        fat_list += [n for n in links[:-1] if n not in (_END, _FREE)]
        difat = links[-1]
    fat = [e for n in fat_list[:fat_sectors] for e in struct.unpack(f"<{sector // 4}I", at(n))]

    def chain(start: int, table: list[int], read: Callable[[int], bytes]) -> bytes:
        parts: list[bytes] = []
        seen, n = 0, start
        while n not in (_END, _FREE):
            if n >= len(table) or seen > len(table):
                raise Damaged("broken sector chain")
            parts.append(read(n))
            n, seen = table[n], seen + 1
        return b"".join(parts)

    entries = chain(directory, fat, at)
    mini_stream = chain(struct.unpack_from("<I", entries, 116)[0], fat, at)
    mini = 1 << mini_shift

    def in_mini_stream(m: int) -> bytes:
        return mini_stream[m * mini : (m + 1) * mini]

    for i in range(0, len(entries) - 127, 128):
        entry = entries[i : i + 128]
        length = struct.unpack_from("<H", entry, 64)[0]
        name = entry[: max(length - 2, 0)].decode("utf-16-le", errors="replace")
        if entry[66] != 2 or name not in ("Workbook", "Book"):
            continue
        start, size = struct.unpack_from("<II", entry, 116)
        if size > limits.MAX_XLS_BYTES:
            raise Damaged("a stream larger than the file may be")
        if size >= cutoff:
            return chain(start, fat, at)[:size]
        mini_table = [
            e
            for n in _sectors(mini_fat, fat, mini_fat_sectors)
            for e in struct.unpack(f"<{sector // 4}I", at(n))
        ]
        return chain(start, mini_table, in_mini_stream)[:size]
    raise Damaged("no Workbook stream")


def _sectors(start: int, fat: list[int], count: int) -> list[int]:
    out: list[int] = []
    n = start
    while n not in (_END, _FREE) and len(out) <= count:
        if n >= len(fat):
            raise Damaged("broken sector chain")
        out.append(n)
        n = fat[n]
    return out
