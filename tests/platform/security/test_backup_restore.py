"""``manage.py backup`` and ``manage.py restore``: the database and the uploaded files at one
point in time in one archive; back up, wipe, restore, and every table's row count, every file
and the audit chain are as they were.  Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL
(pg_dump / pg_restore).  Application records are archive material (条例第四十五条)."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from platform_world import make_world

from gongkai_platform.accounts.models import SecurityEvent
from gongkai_platform.applications.models import Application
from gongkai_platform.backup.archive import read_manifest, table_counts
from gongkai_platform.core.audit import verify

pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _wipe() -> None:
    """Lose everything: the tables' rows and the uploaded files."""
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor) if t in table_counts()]
        if connection.vendor == "postgresql":
            # Event tables refuse DELETE (a trigger): losing them is dropping them.
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()


def test_backup_wipe_restore_gives_back_every_row_and_file_条例第四十五条(tmp_path: Path) -> None:
    world = make_world()
    app = world.register(identity_proof=SimpleUploadedFile("id.png", PNG))
    world.register(applicant_name="王五")
    from django.test import Client

    Client().post("/login/", {"username": "handler", "password": "wrong-password"})
    assert SecurityEvent.objects.exists()
    proof = Path(settings.MEDIA_ROOT) / app.identity_proof.name
    assert proof.read_bytes() == PNG
    before = table_counts()
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", str(archive))
    manifest = read_manifest(archive)
    assert manifest["vendor"] == connection.vendor and manifest["counts"] == before
    with tarfile.open(archive) as tar:
        assert f"uploads/{app.identity_proof.name}" in tar.getnames()

    _wipe()
    assert not proof.exists()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))  # overwriting needs a confirmation
    call_command("restore", str(archive), "--yes")

    assert table_counts() == before
    assert Application.objects.get(pk=app.pk).applicant_name == "张三"
    assert proof.read_bytes() == PNG
    assert list(verify()) == []  # every audit chain is whole after the round trip


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="不是 gongkai 备份文件"):
        call_command("restore", str(bogus), "--yes")
