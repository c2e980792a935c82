"""索引号: generating and reading the identifier of a catalog item (条例 §12).

The national convention (《政府信息公开目录系统实施指引（试行）》, docs/law.md §6.1) is the
20-character ``前段码/后段码``: the unit's 9-character 组织机构代码 (GB 11714, hyphen dropped),
"/", the 4-digit year, "-", a 5-digit serial per unit and year.  Many units use their 18-character
统一社会信用代码 (GB 32100) as 前段码 instead, or a year-month, or a longer serial; sites also print
forms of their own (§6.2).  :func:`generate` writes the guideline form with a configurable prefix
and serial width; :func:`parse` reads every form of §6.2 leniently and never rejects a number a
unit has already published: a check character that does not verify is a warning, not an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stdnum.cn import uscc

# GB 11714-1997: weights of the eight body characters of a 组织机构代码, modulus 11.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DEFAULT_SERIAL_WIDTH = 5

_ORG_CODE = re.compile(r"[0-9A-Z]{8}-?[0-9X]")
_USCC = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")
# 后段码: YYYY or YYYYMM, a dash, the serial.
_SUFFIX = re.compile(r"(?P<year>(?:19|20)\d{2})(?P<month>0[1-9]|1[0-2])?-(?P<serial>\d{1,8})")
# Without a slash: 前段码-YYYY-NNNNN (怒江州 ``01527918X-2020-153077``).
_DASHED = re.compile(r"(?P<prefix>[0-9A-Z-]+?)-(?P<year>(?:19|20)\d{2})-(?P<serial>\d{1,8})")


class IndexNumberError(ValueError):
    """A 索引号 that cannot be generated or read; the message is for users (Chinese)."""


def org_code_check_character(body: str) -> str:
    """The GB 11714 check character of the eight body characters of a 组织机构代码."""
    total = sum(ORG_CODE_ALPHABET.index(c) * w for c, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


@dataclass(frozen=True)
class IndexNumber:
    """A 索引号 as read: its parts where the form has them, and what is doubtful about it."""

    text: str
    prefix: str
    prefix_kind: str  # org_code, uscc or local
    year: int | None
    month: int | None
    serial: int | None
    warnings: tuple[str, ...] = field(default=())

    @property
    def is_guideline_form(self) -> bool:
        """The 20-character form of the national convention."""
        return (
            self.prefix_kind == "org_code"
            and re.fullmatch(r"[0-9A-Z]{8}[0-9X]/\d{4}-\d{5}", self.text) is not None
        )


def prefix_kind(prefix: str) -> tuple[str, tuple[str, ...]]:
    """Which code a 前段码 is, and warnings about it (a check character that does not verify)."""
    if _USCC.fullmatch(prefix):
        ok = uscc.is_valid(prefix)
        return "uscc", () if ok else (f"统一社会信用代码“{prefix}”校验位不符（GB 32100）",)
    if _ORG_CODE.fullmatch(prefix):
        code = prefix.replace("-", "")
        ok = org_code_check_character(code[:8]) == code[8]
        return "org_code", () if ok else (f"组织机构代码“{prefix}”校验位不符（GB 11714）",)
    return "local", ()


def generate(prefix: str, year: int, serial: int, *, width: int = DEFAULT_SERIAL_WIDTH) -> str:
    """The guideline-form 索引号 ``<prefix>/<YYYY>-<serial>`` of a unit's ``serial``-th item of
    ``year``.  ``prefix`` is the unit's 组织机构代码 (9 characters, hyphen dropped) or 统一社会信用代码."""
    code = prefix.strip().upper().replace("-", "")
    kind, warnings = prefix_kind(code)
    if kind == "local":
        raise IndexNumberError(
            f"前段码“{prefix}”既不是 9 位组织机构代码，也不是 18 位统一社会信用代码"
        )
    if warnings:
        raise IndexNumberError(warnings[0] + "，请核对本单位代码")
    if not 1900 <= year <= 2099:  # what parse() reads back as a year (19xx or 20xx)
        raise IndexNumberError(f"年份“{year}”应为 1900 至 2099 之间的四位数")
    if not 1 <= serial < 10**width:
        raise IndexNumberError(f"流水号 {serial} 超出 {width} 位流水号的范围（1–{10**width - 1}）")
    return f"{code}/{year:04d}-{serial:0{width}d}"


def parse(text: str) -> IndexNumber:
    """Read a published 索引号 in any of the forms of docs/law.md §6.2.

    The guideline form and its variants (18-character prefix, ``YYYYMM``, hyphenated 组织机构代码,
    no slash) give prefix, year and serial; any other non-blank form is kept whole as a ``local``
    number whose parts are unknown.
    """
    printed = text.strip()
    normal = printed.upper().replace("／", "/").replace("－", "-").replace("—", "-")
    normal = re.sub(r"\s+", "", normal)
    if not normal:
        raise IndexNumberError("索引号为空")
    if "/" in normal:
        prefix, _, suffix = normal.partition("/")
        m = _SUFFIX.fullmatch(suffix)
    else:
        m = _DASHED.fullmatch(normal)
        prefix = m.group("prefix") if m else normal
    if m is None or not prefix:
        return IndexNumber(printed, normal, "local", None, None, None)
    kind, warnings = prefix_kind(prefix)
    month = m.groupdict().get("month")
    return IndexNumber(
        text=printed,
        prefix=prefix,
        prefix_kind=kind,
        year=int(m.group("year")),
        month=int(month) if month else None,
        serial=int(m.group("serial")),
        warnings=warnings,
    )
