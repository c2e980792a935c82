"""Masking of personal data in lists, exports and logs (个人信息保护法 §51: 去标识化 where the full
value is not needed).  The full value is shown only on the case page, to those who handle it."""

from __future__ import annotations


def mask(value: str, *, keep_start: int, keep_end: int) -> str:
    text = value.strip()
    if len(text) <= keep_start + keep_end:
        return "*" * len(text)
    hidden = len(text) - keep_start - keep_end
    return text[:keep_start] + "*" * hidden + (text[-keep_end:] if keep_end else "")


def mask_id(value: str) -> str:
    """身份证号 / 统一社会信用代码: the first 3 and last 4 characters stay (110***********1234)."""
    return mask(value, keep_start=3, keep_end=4)


def mask_phone(value: str) -> str:
    """Phone numbers: 138****8000."""
    return mask(value, keep_start=3, keep_end=4)


def mask_email(value: str) -> str:
    """E-mail addresses: the first 2 characters of the name and the domain stay (zh****@example.cn)."""
    name, at, domain = value.strip().rpartition("@")
    if not at:
        return mask(value, keep_start=2, keep_end=0)
    return f"{mask(name, keep_start=2, keep_end=0)}@{domain}"
