"""The tables. Plain SQLAlchemy Core, portable across SQLite and PostgreSQL.

Spans are stored flat (text, start, end, sentence) so analysts can query them in SQL
without JSON functions; actor references likewise (code, text, start, end).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()
# v1, Alembic revision 0001. Revisions (store/migrations/versions) track the schema from
# here on: change this module and add a revision together (docs/postgres.md).
SCHEMA_VERSION = 1


def _span(prefix: str, *, sentence: bool = True) -> list[Column]:  # type: ignore[type-arg]
    columns: list[Column] = [  # type: ignore[type-arg]
        Column(f"{prefix}_text", Text), Column(f"{prefix}_start", Integer),
        Column(f"{prefix}_end", Integer),
    ]
    if sentence:
        columns.append(Column(f"{prefix}_sentence", Integer))
    return columns


def _actor(prefix: str, *, index: bool = True) -> list[Column]:  # type: ignore[type-arg]
    return [Column(f"{prefix}_code", String(32), index=index), *_span(prefix, sentence=False)]


def _document_fk() -> Column:  # type: ignore[type-arg]
    return Column(
        "document_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False, index=True,
    )


meta = Table(
    "meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text),
)

documents = Table(
    "documents", metadata,
    Column("id", String(128), primary_key=True),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("title", Text), Column("outlet", String(200), index=True),
    Column("published", String(32), index=True), Column("url", Text),
    Column("language", String(16)), Column("text", Text, nullable=False),
    Column("ingested_at", String(32)),
)

actors = Table(
    "actors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _document_fk(), Column("seq", Integer, nullable=False),
    Column("code", String(32), index=True), Column("name", Text),
    Column("kind", String(16)), Column("country", String(3)),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _document_fk(), Column("actor_seq", Integer, nullable=False),
    Column("code", String(32), index=True), *_span("span"),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _document_fk(), Column("seq", Integer, nullable=False),
    # No single-column index on source_code: `events_dyad` below starts with it, and with
    # both present SQLite picks the narrow one for dyad queries and reads every row of the
    # source country to test the target (5x slower on a million events; #7).
    *_actor("source", index=False), *_actor("target"), *_actor("reporter"),
    Column("plover", String(16), index=True), Column("mode", String(32)),
    Column("cameo", String(8), index=True), Column("quad_class", Integer),
    Column("goldstein", Float), Column("date", String(16), index=True),
    Column("date_granularity", String(8)),
    Column("place_name", Text), Column("place_country", String(3)),
    Column("place_lat", Float), Column("place_lon", Float),
    Column("status", String(16)), Column("confidence", Float),
    *_span("evidence"), *_span("trigger"), Column("extractor", String(64)),
)

attributions = Table(
    "attributions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _document_fk(), Column("seq", Integer, nullable=False),
    *_actor("speaker"), *_span("cue"), *_span("content"), *_span("evidence"),
    Column("direct", Boolean), Column("extractor", String(64)),
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _document_fk(), Column("seq", Integer, nullable=False),
    Column("kind", String(16), index=True),
    *_actor("claimant"), *_actor("subject"), *_actor("object"),
    Column("incident_event", Integer), Column("evidence_status", String(16)),
    *_span("content"), *_span("evidence"), Column("extractor", String(64)),
    # #13: the sentence that set the evidence status and the rule's name; nullable, so rows
    # written before them read back as "no deciding sentence".
    *_span("status_evidence"), Column("status_rule", String(64)),
)

rejections = Table(
    "rejections", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text), Column("locator", Text), Column("code", String(64)),
    Column("message", Text), Column("created_at", String(32)),
)

# Every copy of a document that ingest saw: the first one ("original") and later exact or
# near duplicates from other outlets, so counts can say "reported by N outlets".
reports = Table(
    "reports", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _document_fk(), Column("source_id", String(512), nullable=False),
    Column("kind", String(16), nullable=False), Column("similarity", Float),
    Column("outlet", String(200), index=True), Column("url", Text),
    Column("published", String(32)), Column("title", Text),
    Column("created_at", String(32)),
    UniqueConstraint("document_id", "source_id", name="reports_once"),
)

# What duplicate detection needs to survive across runs: the normalised-content hash and
# the MinHash signature of each stored document.
signatures = Table(
    "signatures", metadata,
    Column("document_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("content_key", String(64), nullable=False, index=True),
    Column("minhash", LargeBinary, nullable=False),
)

# The near-duplicate index as rows (#18, revision 0005): each signature cut into LSH bands
# (store/bands.py), one row per band, so ingest looks up the candidates of a new text by its
# band keys instead of loading every stored signature. Written and deleted with the
# signature, in the same transaction.
signature_bands = Table(
    "signature_bands", metadata,
    Column("document_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("band", Integer, primary_key=True, autoincrement=False),
    Column("key", BigInteger, nullable=False),
)
Index("signature_bands_key", signature_bands.c.band, signature_bands.c.key)

Index("events_dyad", events.c.source_code, events.c.target_code, events.c.date)

# Incidents (#6): documents grouped by the real-world event they report. Rows are derived
# from the tables above and can be rebuilt at any time (`aftermath incidents --rebuild`).
incidents = Table(
    "incidents", metadata,
    Column("id", String(32), primary_key=True),
    Column("label", Text), Column("date", String(16), index=True), Column("place", Text),
    Column("plover", String(16)), Column("cameo", String(8)),
    Column("first_report", String(32), index=True), Column("last_report", String(32)),
    Column("document_count", Integer), Column("event_count", Integer),
    Column("outlets", Text), Column("countries", Text),  # JSON lists
    Column("updated_at", String(32)),
)

incident_documents = Table(
    "incident_documents", metadata,
    Column("incident_id", String(32), ForeignKey("incidents.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("document_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),  # a document belongs to one incident at most
    Column("position", Integer, nullable=False),  # order of joining; 0 founded it
    Column("score", Float),
)

# Sharded ingest (#14): one row per partition of a Dask run, so a rerun skips partitions
# whose shard was written (and checked) before. `status` is `written` once the shard file is
# in place, `loaded` once its rows are in the store.
shard_manifest = Table(
    "shard_manifest", metadata,
    Column("key", String(64), primary_key=True),
    Column("path", Text, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("updated_at", String(32)),
)

# Acts (#19, revision 0004): the events of an incident folded by the act they report
# (incidents/act_merge.py). Derived like incidents, rebuilt with them; `act_events` says
# which stored events (document, index) tell each act.
acts = Table(
    "acts", metadata,
    Column("id", String(32), primary_key=True),
    Column("incident_id", String(32), ForeignKey("incidents.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("position", Integer, nullable=False),  # order in the brief: most reported first
    Column("family", String(16)), Column("plover", String(16)), Column("cameo", String(8)),
    Column("quad_class", Integer), Column("goldstein", Float),
    Column("source_code", String(32)), Column("source_name", Text),
    Column("target_code", String(32)), Column("target_name", Text),
    Column("date", String(16)), Column("place", Text),
    Column("reports", Integer), Column("mentions", Integer), Column("outlets", Text),  # JSON
    Column("first_report", String(32)), Column("last_report", String(32)),
)

act_events = Table(
    "act_events", metadata,
    Column("act_id", String(32), ForeignKey("acts.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("document_id", String(128), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("seq", Integer, primary_key=True),  # the event's index in its document
)
