"""Reading many published reports at once: ``gongkai ingest`` (条例 §50 annual reports in bulk).

Supervisors read every 政府信息公开工作年度报告 their region published (条例 §46, §47 监督检查), often
thousands of files of every kind.  Each file runs :func:`gongkai.ingest.pipeline.ingest_file` in a
pebble process pool with a time limit; a file that fails, hangs past the limit or kills its
worker is recorded with a Chinese error and the batch goes on.  Results go, one per file, to a
JSON-lines file (``{"file", "sha256", "report"}`` or ``{"file", "sha256", "error"}``) or to a
directory of report-json documents with an ``_index.jsonl`` of the same records (the report
replaced by the name of its document).  ``--resume`` skips every file whose path and SHA-256
already have a record, success or error.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pebble import ProcessExpired, ProcessPool
from tqdm import tqdm

from gongkai.ingest.pipeline import ingest_file

INDEX = "_index.jsonl"
# What a directory walk picks up; a file named explicitly is read whatever its name.
EXTENSIONS = frozenset(
    {".pdf", ".docx", ".doc", ".html", ".htm", ".shtml", ".xhtml", ".txt", ".text", ".md"}
)
IN_FLIGHT = 4  # tasks queued per worker: enough to keep workers busy, few results held at once
MAX_TASKS = 200  # a worker is replaced after this many files, so no leak grows without bound

Task = Callable[[str], dict[str, Any]]


def expand(
    arguments: Iterable[str], *, extensions: frozenset[str] = EXTENSIONS
) -> tuple[list[str], list[dict[str, Any]]]:
    """The files named by ``arguments`` (files, directories walked recursively for files whose
    suffix is one of ``extensions``, globs).

    Returns the files in order, each once, and an error record for each argument that names
    nothing.
    """
    files: dict[str, None] = {}
    missing: list[dict[str, Any]] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = [
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in extensions
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
        elif path.exists():
            found = [argument]
        else:
            found = sorted(p for p in glob.glob(argument, recursive=True) if Path(p).is_file())
        if not found:
            missing.append({"file": argument, "sha256": None, "error": f"找不到文件：{argument}"})
        files.update(dict.fromkeys(found))
    return list(files), missing


def key(path: str, digest: str | None) -> tuple[str, str | None]:
    return str(Path(path).resolve()), digest


def file_sha256(path: str) -> str | None:
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of an earlier run; a line cut short by an interrupted run is skipped."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as f:
        for line in f:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and "file" in record:
                yield record


class Sink:
    """Where records go: JSON lines (a file or standard output) or a directory of documents."""

    def __init__(
        self, jsonl: str | None, out: str | None, *, resume: bool, single: bool = False
    ) -> None:
        self.single = single  # one file, no output named: its report-json document to stdout
        self.directory = Path(out) if out else None
        self.names: set[str] = set()
        index: Path | None = Path(jsonl) if jsonl and jsonl != "-" else None
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            index = self.directory / INDEX
            if resume:  # documents of the earlier run stay; new names must not overwrite them
                self.names = {r["output"] for r in read_records(index) if r.get("output")}
        self.done = (
            {key(r["file"], r.get("sha256")) for r in read_records(index)}
            if resume and index
            else set()
        )
        self.stream: IO[str]
        if index is None:
            self.stream = sys.stdout
        else:
            index.parent.mkdir(parents=True, exist_ok=True)
            self.stream = index.open("a" if resume else "w", encoding="utf-8")

    def document_name(self, record: dict[str, Any]) -> str:
        stem = Path(record["file"]).name
        name = f"{stem}.json"
        if name in self.names:
            name = f"{stem}.{(record.get('sha256') or '')[:12]}.json"
        self.names.add(name)
        return name

    def write(self, record: dict[str, Any]) -> None:
        if self.single:
            if "report" in record:
                json.dump(record["report"], self.stream, ensure_ascii=False, indent=2)
                self.stream.write("\n")
            return
        if self.directory is not None and "report" in record:
            name = self.document_name(record)
            text = json.dumps(record["report"], ensure_ascii=False, indent=2) + "\n"
            (self.directory / name).write_text(text, encoding="utf-8")
            record = {k: v for k, v in record.items() if k != "report"} | {"output": name}
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not sys.stdout:
            self.stream.close()


@dataclass
class Summary:
    total: int = 0
    skipped: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)


def failure(path: str, message: str) -> dict[str, Any]:
    return {"file": path, "sha256": file_sha256(path), "error": message}


def run_pool(
    files: list[str],
    emit: Callable[[dict[str, Any]], None],
    *,
    workers: int,
    timeout: float,
    task: Task,
) -> None:
    """Run ``task`` on every file in a process pool; every outcome reaches ``emit`` as a record."""
    pending: dict[Future[dict[str, Any]], str] = {}
    queue = iter(files)
    with ProcessPool(max_workers=workers, max_tasks=MAX_TASKS) as pool:
        while True:
            while len(pending) < workers * IN_FLIGHT:
                path = next(queue, None)
                if path is None:
                    break
                pending[pool.schedule(task, args=[path], timeout=timeout)] = path
            if not pending:
                break
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                path = pending.pop(future)
                try:
                    record = future.result()
                except FutureTimeout:
                    record = failure(path, f"处理超时（超过 {timeout:g} 秒），已终止")
                except ProcessExpired as exc:
                    record = failure(path, f"处理进程意外退出（退出码 {exc.exitcode}）")
                except Exception as exc:
                    record = failure(path, f"内部错误（{type(exc).__name__}）：{exc}")
                emit(record)


def run(
    arguments: list[str],
    *,
    jsonl: str | None = None,
    out: str | None = None,
    workers: int | None = None,
    timeout: float = 120.0,
    resume: bool = False,
    task: Task = ingest_file,
) -> Summary:
    """Ingest every file named by ``arguments``; ``task`` is the per-file work (a test hook).

    With one file and neither ``jsonl`` nor ``out``, its report-json document goes to standard
    output; otherwise records go to ``jsonl`` (``None`` or ``-``: standard output) or ``out``.
    """
    files, missing = expand(arguments)
    single = len(files) + len(missing) == 1 and not jsonl and not out
    sink = Sink(jsonl, out, resume=resume, single=single)
    summary = Summary(total=len(files) + len(missing))
    try:
        if sink.done:
            todo = [f for f in files if key(f, file_sha256(f)) not in sink.done]
            summary.skipped = len(files) - len(todo)
            files = todo

        def emit(record: dict[str, Any]) -> None:
            if "error" in record:
                summary.failed.append(record)
            sink.write(record)
            progress.update()

        with tqdm(
            total=len(files) + len(missing), unit="份", file=sys.stderr, disable=None
        ) as progress:
            for record in missing:
                emit(record)
            if files:
                count = max(1, min(workers or os.cpu_count() or 1, len(files)))
                run_pool(files, emit, workers=count, timeout=timeout, task=task)
    finally:
        sink.close()
    return summary
