"""One backup archive (``.tar.gz``): the database and the uploaded files at one point in time.

- ``manifest.json``: format, database vendor, time, and the row count of every table;
- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite,
  through SQLite's online backup API, consistent while the platform runs);
- ``uploads/``: ``MEDIA_ROOT`` (identity proofs, attachments, letters).

One point in time: on PostgreSQL the row counts and the dump read one snapshot (a REPEATABLE READ
transaction exports it and ``pg_dump --snapshot`` uses it); on SQLite the backup API copies one
consistent state.  Uploaded files are written before the row that names them is committed and
never changed in place, so every file the database names is on disk when the files are copied;
the only thing that deletes them (``purge_unconfirmed``) waits for :func:`exclusive`, which the
backup holds.  Records of applications are 条例 §45 archive material: keep backups until the
records are handed to the archive.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

FORMAT = "gongkai-backup@1"
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
UPLOADS = "uploads"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is Chinese, for the operator."""


@contextmanager
def exclusive() -> Iterator[None]:
    """Held by a backup, and by anything that deletes uploaded files, so neither sees half of
    the other (a file lock next to the data; one machine serves the uploads directory)."""
    path = Path(settings.DATA_DIR) / "backup.lock"
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def table_counts() -> dict[str, int]:
    """Rows of every table of the platform's models, as the current transaction sees them."""
    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in counts or not model._meta.managed:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = int(cursor.fetchone()[0])
    return counts


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(command: list[str]) -> None:
    try:
        result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"找不到 {command[0]}：请安装 PostgreSQL 客户端（postgresql-client）"
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[:2000]}")


def _vendor() -> str:
    if connection.vendor not in DUMPS:
        raise BackupError(f"不支持备份 {connection.vendor} 数据库，只支持 PostgreSQL 和 SQLite")
    return connection.vendor


def create(target: Path) -> dict[str, Any]:
    """Write the archive ``target``; returns its manifest."""
    vendor = _vendor()
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as work, exclusive():
        folder = Path(work)
        dump = folder / DUMPS[vendor]
        with transaction.atomic():
            if vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    cursor.execute("SELECT pg_export_snapshot()")
                    snapshot = cursor.fetchone()[0]
                counts = table_counts()
                _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"])
            else:
                counts = table_counts()
                connection.ensure_connection()
                with sqlite3.connect(dump) as copy:
                    connection.connection.backup(copy)
                copy.close()
        manifest = {
            "format": FORMAT,
            "vendor": vendor,
            "created_at": timezone.now().isoformat(),
            "counts": counts,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(folder / MANIFEST, MANIFEST)
            tar.add(dump, dump.name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, UPLOADS)
        partial.replace(target)  # never a half-written archive under the real name
    return manifest


def read_manifest(archive: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError):
        raise BackupError(f"{archive} 不是 gongkai 备份文件或已损坏") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} 的格式不是 {FORMAT}")
    return manifest


def restore(archive: Path) -> dict[str, Any]:
    """Replace the database and the uploaded files by those of ``archive``; the row counts are
    checked against the manifest (a :class:`BackupError` lists any difference)."""
    manifest = read_manifest(archive)
    vendor = _vendor()
    if manifest["vendor"] != vendor:
        raise BackupError(f"备份来自 {manifest['vendor']} 数据库，当前是 {vendor}，不能直接恢复")
    with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as work, exclusive():
        folder = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(folder, filter="data")  # no absolute paths, links or devices
        dump = folder / DUMPS[vendor]
        if vendor == "postgresql":
            connection.close()
            _run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                 "--single-transaction", f"--dbname={connection.settings_dict['NAME']}", str(dump)]
            )  # fmt: skip
        else:
            connection.ensure_connection()
            with sqlite3.connect(dump) as source:
                source.backup(connection.connection)
            source.close()
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.rmtree(media)
        if (folder / UPLOADS).exists():
            shutil.copytree(folder / UPLOADS, media)
        else:
            media.mkdir(parents=True)
    counts = table_counts()
    wrong = {
        table: (expected, counts.get(table))
        for table, expected in manifest["counts"].items()
        if counts.get(table) != expected
    }
    if wrong:
        raise BackupError(
            "恢复后的行数与备份不符："
            + "；".join(f"{t} 应为 {e} 行，实为 {a}" for t, (e, a) in sorted(wrong.items()))
        )
    return manifest
