"""Each reader turns bytes into Documents or Rejections with a reason, and never raises."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftermath.ingest import ReadOptions, read_sources
from aftermath.ingest.archives import read_gzip, read_zip
from aftermath.ingest.feeds import read_feed
from aftermath.ingest.fields import parse_date, parse_mapping
from aftermath.ingest.html import read_html
from aftermath.ingest.jsonl import read_jsonl
from aftermath.ingest.sources import read_bytes
from aftermath.ingest.tables import read_table
from aftermath.ingest.text import read_text
from aftermath.records import Document, Rejection

OPTIONS = ReadOptions()
STORY = ("Russia and Turkey agreed on Tuesday to open talks on a ceasefire in northern Syria, "
         "the two foreign ministers said after meeting in Moscow for several hours.")
PAGE = f"""<html><head><title>Talks agreed | Example Daily</title>
<meta property="og:site_name" content="Example Daily">
<meta property="article:published_time" content="2016-12-20T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks agreed</h1><p>{STORY}</p>
<p>Officials in Ankara welcomed the step and said the details would follow next week.</p>
</article><footer>Copyright Example Daily</footer></body></html>"""
RSS = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<link>https://wire.example/</link>
<item><guid>urn:wire:1</guid><title>Talks agreed</title><link>https://wire.example/1</link>
<pubDate>Tue, 20 Dec 2016 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{STORY}&lt;/p&gt;</description></item>
<item><title>No GUID here</title><link>https://wire.example/2</link>
<description>Iran said it would join the talks.</description></item>
<item><guid>urn:wire:3</guid><title>Empty</title><description></description></item>
</channel></rss>"""


def _all(items) -> list[Document | Rejection]:  # type: ignore[no-untyped-def]
    items = list(items)
    assert all(isinstance(i, Document | Rejection) for i in items)
    return items


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_text_markdown_heading_becomes_title():
    [document] = _all(read_text(f"# Talks agreed\n\n{STORY}".encode(), source="a.md",
                                default_id="a", options=OPTIONS, markdown=True))
    assert (document.id, document.title, document.text) == ("a", "Talks agreed", STORY)
    assert document.language == "und"  # detected later, by the ingest run


def test_html_main_text_and_metadata_without_boilerplate():
    [document] = _all(read_html(PAGE.encode(), source="p.html", default_id="p", options=OPTIONS))
    assert "ceasefire in northern Syria" in document.text
    assert "Home" not in document.text and "Copyright" not in document.text
    assert document.published == "2016-12-20"
    assert document.outlet == "Example Daily"


def test_html_without_article_text_is_rejected():
    [item] = _all(read_html(b"<html><body><nav>Home</nav></body></html>", source="n.html",
                            default_id="n", options=OPTIONS))
    assert isinstance(item, Rejection) and item.code == "input.no_text"


def test_feed_items_keep_guid_else_link_and_reject_empty_items():
    items = _all(read_feed(RSS.encode(), source="f.xml", default_id="f", options=OPTIONS))
    assert [i.id for i in items if isinstance(i, Document)] == ["urn:wire:1",
                                                                 "https://wire.example/2"]
    first = items[0]
    assert isinstance(first, Document)
    assert (first.published, first.outlet, first.text) == ("2016-12-20", "Example Wire", STORY)
    [rejection] = [i for i in items if isinstance(i, Rejection)]
    assert (rejection.locator, rejection.message) == ("item 3", "item has no text")


def test_feed_that_is_not_xml_is_rejected():
    [item] = _all(read_feed(b"hello, this is not a feed", source="x.rss", default_id="x",
                            options=OPTIONS))
    assert isinstance(item, Rejection) and item.code == "input.bad_feed"


def test_csv_default_columns_and_row_ids():
    data = f'id,headline,body,date\n7,Talks,"{STORY}",December 20 2016\n,,"{STORY} Again.",\n'
    items = _all(read_table(data.encode(), source="d.csv", default_id="d", options=OPTIONS))
    assert [(i.id, i.title, i.published) for i in items] == [
        ("7", "Talks", "2016-12-20"), ("d#row-3", None, None)]


def test_csv_mapping_names_the_text_column():
    data = f"story_text\tday\n{STORY}\t2016-12-20\n".encode()
    options = ReadOptions(mapping=parse_mapping("text=story_text,published=day"))
    [document] = _all(read_table(data, source="d.tsv", default_id="d", options=options,
                                 delimiter="\t"))
    assert (document.text, document.published) == (STORY, "2016-12-20")


def test_csv_without_text_column_is_rejected_whole_naming_columns():
    [item] = _all(read_table(b"id,headline\n1,Talks\n", source="d.csv", default_id="d",
                             options=OPTIONS))
    assert isinstance(item, Rejection) and item.code == "input.no_text_column"
    assert "id, headline" in item.message and "--map text=" in item.message


@pytest.mark.parametrize(("value", "expected"), [
    ("2016-12-20", "2016-12-20"), ("2016-12-20T10:00:00Z", "2016-12-20"),
    ("Tue, 20 Dec 2016 10:00:00 GMT", "2016-12-20"), ("December 20, 2016", "2016-12-20"),
    ("20 Dec 2016", "2016-12-20"), ("yesterday", None), ("2016-13-45", None)])
def test_parse_date_reads_common_forms_and_refuses_the_rest(value: str, expected: str | None):
    day = parse_date(value)
    assert (day.isoformat() if day else None) == expected


def test_parse_mapping_rejects_unknown_fields():
    from aftermath.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown field"):
        parse_mapping("txet=body")


def test_jsonl_default_names_and_path_ids():
    data = f'{{"body": "{STORY}", "headline": "Talks"}}\n{{"text": 5}}\n'.encode()
    items = _all(read_jsonl(data, source="d.jsonl", default_id="d", options=OPTIONS))
    assert isinstance(items[0], Document) and items[0].id == "d#line-1"
    assert items[0].title == "Talks"
    assert isinstance(items[1], Rejection) and items[1].locator == "line 2"


def test_gzip_and_zip_members_are_read_by_their_names():
    inner = _zip({"a/one.txt": STORY.encode(), "b.jsonl": f'{{"id": "x", "text": "{STORY}"}}'
                  .encode()})
    items = _all(read_bytes("bundle.zip", inner, "bundle.zip", "bundle", options=OPTIONS))
    assert sorted(i.id for i in items if isinstance(i, Document)) == ["bundle/a/one", "x"]
    gz = gzip.compress(f'{{"id": "g", "text": "{STORY}"}}\n'.encode())
    [document] = _all(read_bytes("dump.jsonl.gz", gz, "dump.jsonl.gz", "dump", options=OPTIONS))
    assert document.id == "g"


def test_gzip_bomb_is_rejected_at_the_cap():
    bomb = gzip.compress(b"a" * 3_000_000)
    options = ReadOptions(max_bytes=10_000)  # dumps may expand to 200x: 2 MB
    [item] = _all(read_gzip(bomb, name="x.txt.gz", source="x.txt.gz", default_id="x",
                            options=options, dispatch=lambda *a: iter(())))
    assert isinstance(item, Rejection) and item.code == "input.archive_too_large"


def test_zip_bomb_member_is_rejected_at_the_cap():
    bomb = _zip({"big.txt": b"a" * 3_000_000})
    items = _all(read_zip(bomb, source="b.zip", default_id="b", options=ReadOptions(
        max_bytes=10_000), dispatch=lambda *a: iter(())))
    assert [i.code for i in items] == ["input.too_large"]


def test_document_over_the_cap_is_rejected_not_truncated(tmp_path: Path):
    (tmp_path / "big.txt").write_text(STORY * 200)
    [item] = _all(read_sources([tmp_path / "big.txt"], ReadOptions(max_bytes=10_000)))
    assert isinstance(item, Rejection) and item.code == "input.too_large"


def test_folder_walk_is_recursive_and_lists_unsupported_files(tmp_path: Path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "a.txt").write_text(STORY)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".hidden.txt").write_text(STORY)
    items = _all(read_sources([tmp_path]))
    assert [i.id for i in items if isinstance(i, Document)] == ["sub/deeper/a"]
    assert [i.code for i in items if isinstance(i, Rejection)] == ["input.unsupported"]


def test_stdin_is_sniffed(tmp_path: Path):
    stream = io.BytesIO(f'{{"id": "s1", "text": "{STORY}"}}\n'.encode())
    [document] = _all(read_sources(["-"], stdin=stream))
    assert document.id == "s1"


# -- property tests: arbitrary bytes never raise ---------------------------------------------

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=400), st.booleans())
def test_text_reader_never_raises(data: bytes, markdown: bool):
    _all(read_text(data, source="x", default_id="x", options=OPTIONS, markdown=markdown))


@FUZZ
@given(st.binary(max_size=400) | st.text(max_size=300).map(str.encode))
def test_jsonl_reader_never_raises(data: bytes):
    _all(read_jsonl(data, source="x", default_id="x", options=OPTIONS))


@FUZZ
@given(st.binary(max_size=400) | st.text(max_size=300).map(str.encode), st.sampled_from(",\t"))
def test_table_reader_never_raises(data: bytes, delimiter: str):
    _all(read_table(data, source="x", default_id="x", options=OPTIONS, delimiter=delimiter))


@FUZZ
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda t: f"<html>{t}".encode()))
def test_html_reader_never_raises(data: bytes):
    _all(read_html(data, source="x", default_id="x", options=OPTIONS))


@FUZZ
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda t: f"<rss>{t}".encode()))
def test_feed_reader_never_raises(data: bytes):
    _all(read_feed(data, source="x", default_id="x", options=OPTIONS))


@FUZZ
@given(st.data())
def test_archive_readers_never_raise_on_damaged_archives(data: st.DataObject):
    archive = _zip({"a.txt": STORY.encode(), "b.csv": b"text\nhello world\n"})
    zipped = bytearray(archive)
    for _ in range(data.draw(st.integers(0, 6))):
        zipped[data.draw(st.integers(0, len(zipped) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(zipped)))
    for name in ("x.zip", "x.txt.gz"):
        blob = bytes(zipped[:cut]) if name.endswith(".zip") else gzip.compress(bytes(zipped))[:cut]
        _all(read_bytes(name, blob, name, "x", options=OPTIONS))


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(["a.txt", "a.md", "a.html", "a.jsonl", "a.csv",
                                                 "a.tsv", "a.xml", "a.gz", "a.zip", "stdin"]))
def test_dispatcher_never_raises_whatever_the_name(data: bytes, name: str):
    _all(read_bytes(name, data, name, "a", options=OPTIONS))
