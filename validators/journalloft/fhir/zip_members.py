"""Members of an in-memory zip archive, read by name without reading its whole central directory.

``zipfile.ZipFile`` parses every entry of the central directory when it opens an archive: for the
shipped definitions (5,080 members in three archives, 3,212 of them ValueSets) that was the largest
single cost of validating one small file in a fresh process (issue 23), to read a few dozen members.
:class:`ZipMembers` finds a member's central directory entry by searching for its name (a byte
search, done in C) and reads that one entry.

Only what ``scripts/build_fhir_definitions.py`` writes is supported (stored or deflated members, no
ZIP64, no encryption); anything else raises :class:`zipfile.BadZipFile`, as does a member whose
CRC-32 does not match.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

_END = struct.Struct("<4s4H2LH")  # end of central directory record
_ENTRY = struct.Struct("<4s6H3L5H2L")  # central directory file header (46 bytes)
_LOCAL = struct.Struct("<4s5H3L2H")  # local file header (30 bytes)
_END_SIGNATURE = b"PK\x05\x06"
_ENTRY_SIGNATURE = b"PK\x01\x02"
_LOCAL_SIGNATURE = b"PK\x03\x04"
_STORED, _DEFLATED = 0, 8
_MAX_COMMENT = 0xFFFF
# Searching costs a pass over the directory per look-up; after this many, one pass indexes every entry.
_SEARCHES_BEFORE_INDEX = 64


class ZipMembers:
    """Read access by name to the members of a zip archive held in memory."""

    def __init__(self, data: bytes) -> None:
        end = data.rfind(_END_SIGNATURE, max(0, len(data) - _END.size - _MAX_COMMENT))
        if end < 0 or len(data) - end < _END.size:
            raise zipfile.BadZipFile("no end of central directory record")
        _, _, _, _, _, size, offset, _ = _END.unpack_from(data, end)
        if offset + size > end:
            raise zipfile.BadZipFile("the central directory lies outside the archive (ZIP64 is not supported)")
        self._data = data
        self._directory = data[offset : offset + size]
        self._searches = 0
        self._index: dict[bytes, int] | None = None

    def read(self, name: str) -> bytes:
        """The member's content; KeyError when the archive has no member of that name."""
        entry = self._entry(name.encode("utf-8"))
        (_, _, _, flags, method, _, _, crc, compressed, size, _, _, _, _, _, _, local) = _ENTRY.unpack_from(
            self._directory, entry
        )
        if flags & 0x1:
            raise zipfile.BadZipFile(f"{name}: encrypted members are not supported")
        signature, _, _, _, _, _, _, _, _, name_length, extra_length = _LOCAL.unpack_from(self._data, local)
        if signature != _LOCAL_SIGNATURE:
            raise zipfile.BadZipFile(f"{name}: bad local file header")
        start = local + _LOCAL.size + name_length + extra_length
        payload = self._data[start : start + compressed]
        if method == _DEFLATED:
            content = zlib.decompress(payload, -zlib.MAX_WBITS)
        elif method == _STORED:
            content = payload
        else:
            raise zipfile.BadZipFile(f"{name}: compression method {method} is not supported")
        if len(content) != size or zlib.crc32(content) != crc:
            raise zipfile.BadZipFile(f"{name}: bad CRC-32 or size")
        return content

    def _entry(self, key: bytes) -> int:
        """Where the central directory entry named ``key`` starts.

        A hit must be a whole name: 46 bytes before it an entry's signature, and that entry's name
        length equal to the key's (a name that ends another name, ``status.json`` in
        ``account-status.json``, is skipped). A caller reading many members (all of them, say) gets an
        index of the whole directory instead, built once.
        """
        if self._index is None:
            self._searches += 1
            if self._searches > _SEARCHES_BEFORE_INDEX:
                self._index = self._index_all()
        if self._index is not None:
            entry = self._index.get(key)
            if entry is None:
                raise KeyError(f"there is no item named {key.decode('utf-8', 'replace')!r} in the archive")
            return entry
        directory = self._directory
        found = directory.find(key)
        while found >= 0:
            entry = found - _ENTRY.size
            if (
                entry >= 0
                and directory[entry : entry + 4] == _ENTRY_SIGNATURE
                and struct.unpack_from("<H", directory, entry + 28)[0] == len(key)
            ):
                return entry
            found = directory.find(key, found + 1)
        raise KeyError(f"there is no item named {key.decode('utf-8', 'replace')!r} in the archive")

    def _index_all(self) -> dict[bytes, int]:
        directory = self._directory
        index: dict[bytes, int] = {}
        entry = 0
        while entry + _ENTRY.size <= len(directory):
            if directory[entry : entry + 4] != _ENTRY_SIGNATURE:
                raise zipfile.BadZipFile("bad central directory entry")
            name_length, extra_length, comment_length = struct.unpack_from("<3H", directory, entry + 28)
            name_start = entry + _ENTRY.size
            index[directory[name_start : name_start + name_length]] = entry
            entry = name_start + name_length + extra_length + comment_length
        return index
