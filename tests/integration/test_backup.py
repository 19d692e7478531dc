"""manage.py backup and restore: a world backed up, changed (rows and files), restored, and
every domain table's rows and every file are as they were. On the suite's database: a SQLite
file, or on PostgreSQL (pg_dump / pg_restore) a database of the test's own."""

from __future__ import annotations

import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.conftest import Site, postgres_database, suite_on_postgres


@pytest.fixture
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    if suite_on_postgres():
        with postgres_database("zoneops_backup_test", tmp_path) as on_postgres:
            yield on_postgres
    else:
        yield request.getfixturevalue("sqlite_site")


@pytest.mark.integration
def test_a_restored_backup_gives_back_every_row_and_file(site: Site, tmp_path: Path) -> None:
    # Reports, appeals and their history from four writers; 200 enterprises from an import
    # written inline (its upload is kept under media/imports/); an attachment under media/.
    site.env["IMPORT_INLINE_BYTES"] = str(10 * 1024 * 1024)
    assert site.drive("writers", "4")["errors"] == []
    book = str(tmp_path / "名录.xlsx")
    site.drive("world", "200", book)
    job = site.drive("upload", book)["job"]
    assert site.drive("confirm", str(job))["status"] == "committed"
    attachment = site.var_dir / "media" / "attachments" / "批复.txt"
    attachment.parent.mkdir(parents=True)
    attachment.write_text("原件")
    uploads = sorted(
        p.relative_to(site.var_dir) for p in (site.var_dir / "media" / "imports").rglob("*.*")
    )
    assert uploads
    before = site.drive("snapshot", "all")
    assert before["enterprises_enterprise"][0] == 204

    archive = tmp_path / "zoneops-backup.tar.gz"
    site.manage("backup", str(archive))
    with tarfile.open(archive) as opened:
        names = set(opened.getnames())
    database = "database.pgdump" if suite_on_postgres() else "database.sqlite3"
    assert {"manifest.json", database, "media/attachments/批复.txt"} <= names
    assert {f"{path}" for path in uploads} <= names

    site.drive("change")
    attachment.write_text("改过")
    (attachment.parent / "之后.txt").write_text("备份之后")
    changed = site.drive("snapshot", "all")
    assert changed["enterprises_enterprise"] != before["enterprises_enterprise"]
    assert changed["core_park"] != before["core_park"]

    site.manage("restore", str(archive), "--noinput")
    after = site.drive("snapshot", "all")
    assert after == before
    assert attachment.read_text() == "原件"
    assert not (attachment.parent / "之后.txt").exists()
    assert sorted(
        p.relative_to(site.var_dir) for p in (site.var_dir / "media" / "imports").rglob("*.*")
    ) == (uploads)
