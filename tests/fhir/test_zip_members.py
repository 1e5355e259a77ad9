"""ZipMembers reads the shipped definition archives exactly as zipfile does, without zipfile's full
directory parse (issue 23), and refuses what it does not support rather than returning wrong bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from journalloft.fhir import zip_members
from journalloft.fhir.definitions import ARCHIVES
from journalloft.fhir.zip_members import ZipMembers

DATA = Path(__file__).resolve().parents[2] / "validators" / "journalloft" / "fhir" / "data"


def _archive(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("name", sorted(ARCHIVES.values()))
def test_every_shipped_member_reads_as_zipfile_reads_it(name: str) -> None:
    data = (DATA / name).read_bytes()
    reference = zipfile.ZipFile(io.BytesIO(data))
    members = ZipMembers(data)
    differing = [member for member in reference.namelist() if members.read(member) != reference.read(member)]
    assert differing == []
    assert len(reference.namelist()) > zip_members._SEARCHES_BEFORE_INDEX  # the whole-directory index ran too


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_a_name_that_ends_another_name_is_its_own_member(compression: int) -> None:
    members = ZipMembers(_archive({"account-status.json": b'{"a": 1}', "status.json": b'{"b": 2}'}, compression))
    assert members.read("status.json") == b'{"b": 2}'
    assert members.read("account-status.json") == b'{"a": 1}'


def test_only_the_suffix_of_a_name_is_not_a_member() -> None:
    members = ZipMembers(_archive({"account-status.json": b"{}"}))
    with pytest.raises(KeyError, match=r"status\.json"):
        members.read("status.json")


def test_a_damaged_member_is_refused() -> None:
    content = b'{"resourceType": "ValueSet", "id": "x"}' * 4
    data = bytearray(_archive({"x.json": content}, zipfile.ZIP_STORED))
    at = bytes(data).find(b"ValueSet")
    data[at] = ord("v")  # the stored bytes change, the CRC-32 in the directory does not
    with pytest.raises(zipfile.BadZipFile, match="CRC-32"):
        ZipMembers(bytes(data)).read("x.json")


def test_not_a_zip_archive_is_refused() -> None:
    with pytest.raises(zipfile.BadZipFile):
        ZipMembers(b'{"resourceType": "Bundle"}')
