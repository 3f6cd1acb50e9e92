"""Schema revisions: new stores are stamped, v1 stores adopted, older ones upgraded on SQLite
and refused on PostgreSQL until `aftermath db upgrade` (#14)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from aftermath.cli import app
from aftermath.errors import StoreError
from aftermath.records import Analysis, Document
from aftermath.store import migrations, open_store, schema

HEAD = migrations.head_revision()
# A later revision as the lead would add one at a merge: a new column on documents.
NEXT = "9001"
REVISION_NEXT = f'''
from alembic import op
import sqlalchemy as sa

revision = "{NEXT}"
down_revision = "{HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("section", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("section")
'''


def _revision(url: str) -> str | None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        found = MigrationContext.configure(conn).get_current_revision()
    engine.dispose()
    return found


@pytest.fixture()
def with_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This aftermath knows one revision more (a copy of the shipped revisions plus one)."""
    _know_next(tmp_path, monkeypatch)


def _know_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "migrations"
    shutil.copytree(migrations.HERE, copy)
    (copy / "versions" / "v9001_section.py").write_text(REVISION_NEXT, encoding="utf-8")
    monkeypatch.setattr(migrations, "HERE", copy)
    monkeypatch.setattr(migrations, "HEAD_REVISION", NEXT)


def _create_at_head(url: str) -> None:
    """A store created by the shipped revisions only (before the next one existed)."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        command.upgrade(migrations._config(conn), HEAD)
    engine.dispose()


def _columns(store, table: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {c["name"] for c in inspect(store.engine).get_columns(table)}


def test_new_store_is_stamped_at_the_newest_revision(store, db_url: str):
    assert _revision(db_url) == HEAD


def test_the_pinned_head_is_the_newest_revision_shipped():
    assert migrations.scripts_head() == migrations.HEAD_REVISION


def test_new_and_current_stores_open_without_alembic(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    probe = ("import sys; from aftermath.store import open_store; "
             f"open_store({url!r}).close(); open_store({url!r}).close(); "
             "print('alembic' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           check=True)
    assert found.stdout.strip() == "False"
    assert _revision(url) == HEAD  # as Alembic reads it


def test_a_store_stamped_without_alembic_is_upgraded_by_it(db_url: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    migrations.prepare(engine, shown="store", upgrade=False)  # new: created at HEAD
    assert _revision(db_url) == HEAD
    _know_next(tmp_path, monkeypatch)
    migrations.prepare(engine, shown="store", upgrade=True)
    engine.dispose()
    assert _revision(db_url) == NEXT


def test_schema_module_equals_the_revisions_run_from_scratch(db_url: str):
    """What `open_store` creates from schema.py is what running every revision makes."""
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        command.upgrade(migrations._config(conn), "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    engine.dispose()
    assert diff == []


def test_store_from_before_migrations_is_adopted_and_completed(store, db_url: str):
    store.save(Analysis(Document(id="old", text="Stored before migrations existed.")))
    with store.engine.begin() as conn:  # a v1 store from before #6 and before migrations
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(text("DROP TABLE act_events"))  # acts (#19) came after incidents
        conn.execute(text("DROP TABLE acts"))
        conn.execute(text("DROP TABLE incident_documents"))
        conn.execute(text("DROP TABLE incidents"))
    store.close()
    reopened = open_store(db_url)
    assert _revision(db_url) == HEAD
    assert {"incidents", "incident_documents", "acts", "act_events"} <= set(
        inspect(reopened.engine).get_table_names())
    assert reopened.load("old").document.text == "Stored before migrations existed."
    reopened.close()


def test_older_sqlite_store_is_upgraded_when_opened(tmp_path: Path, with_next: None):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    _create_at_head(url)
    upgraded = open_store(url)
    assert _revision(url) == NEXT and "section" in _columns(upgraded, "documents")
    upgraded.close()


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_older_postgres_store_is_refused_until_db_upgrade(db_url: str, with_next: None):
    _create_at_head(db_url)
    with pytest.raises(StoreError, match=rf"at revision {HEAD}, this aftermath needs {NEXT} "
                                         r"\(run `aftermath db upgrade --db postgresql"):
        open_store(db_url)
    result = CliRunner().invoke(app, ["db", "upgrade", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert f"upgraded from {HEAD} to revision {NEXT}" in result.output
    upgraded = open_store(db_url)
    assert "section" in _columns(upgraded, "documents")
    upgraded.close()


def test_store_at_an_unknown_revision_is_refused(store, db_url: str):
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="revision 9999, newer than this aftermath knows "
                                         rf"\({HEAD}\); upgrade aftermath"):
        open_store(db_url)


def test_db_current_and_upgrade_report_the_revision(db_url: str):
    runner = CliRunner()
    assert runner.invoke(app, ["db", "current", "--db", db_url]).output.startswith(
        f"revision none (newest {HEAD}")
    first = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    assert first.exit_code == 0 and f"upgraded from none to revision {HEAD}" in first.output
    again = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    assert again.exit_code == 0 and f"already at revision {HEAD}" in again.output


def test_db_upgrade_of_an_unreachable_database_is_one_line(tmp_path: Path):
    url = "postgresql://nobody@127.0.0.1:1/none"
    result = CliRunner().invoke(app, ["db", "upgrade", "--db", url])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        "aftermath: postgresql+psycopg://nobody@127.0.0.1:1/none: cannot connect (")



@pytest.mark.issue(13)
def test_store_at_0002_gains_the_claims_status_columns(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'at0002.sqlite'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(migrations._config(conn), "0002")
    with engine.connect() as conn:
        before = {c["name"] for c in inspect(conn).get_columns("claims")}
    engine.dispose()
    assert "status_rule" not in before
    upgraded = open_store(url)
    assert {"status_rule", "status_evidence_text", "status_evidence_sentence"} <= _columns(
        upgraded, "claims")
    upgraded.close()


@pytest.mark.issue(19)
def test_store_at_0003_gains_the_acts_tables_and_keeps_its_rows(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'at0003.sqlite'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        command.upgrade(migrations._config(conn), "0003")
        conn.execute(text("INSERT INTO documents (id, content_hash, text) "
                          "VALUES ('old', 'h', 'Stored at revision 0003.')"))
    with engine.connect() as conn:
        before = set(inspect(conn).get_table_names())
    engine.dispose()
    assert not {"acts", "act_events"} & before
    upgraded = open_store(url)
    assert _revision(url) == HEAD
    assert {"acts", "act_events"} <= set(inspect(upgraded.engine).get_table_names())
    assert {"id", "incident_id", "source_name", "target_name", "reports", "mentions"} <= _columns(
        upgraded, "acts")
    assert upgraded.load("old").document.text == "Stored at revision 0003."
    upgraded.close()
