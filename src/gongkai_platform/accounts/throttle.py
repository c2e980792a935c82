"""Who is asking, and how often: the client's address behind a trusted proxy, and failure
counters shared by every process (OWASP ASVS 2.2.1, 等保2.0 “登录失败处理”).

Behind the reverse proxy that docs/deployment.md prescribes, every request reaches the platform
from the proxy's address, so counting by ``REMOTE_ADDR`` would put every citizen in one bucket.
The client's address is therefore read from ``GONGKAI_PROXY_HEADER`` — but only when the request
comes from one of ``GONGKAI_TRUSTED_PROXIES``; from anywhere else the header is ignored (anyone
can send it).  In an ``X-Forwarded-For`` list the client is the right-most address that is not a
trusted proxy (the left-most part is whatever the client claimed).

Counters live in Django's cache, which the settings make the database cache (or any shared
cache), so that all Web processes count together; a per-process memory cache would let an
attacker multiply every limit by the number of processes.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in proxies)


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _trusted(tuple(settings.GONGKAI_TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent ``request`` (see the module's docstring)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    header = settings.GONGKAI_PROXY_HEADER
    if not header or not _is_trusted(remote):
        return remote
    name = "HTTP_" + header.upper().replace("-", "_")
    hops = [hop.strip() for hop in str(request.META.get(name, "")).split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop):
            return hop
    return hops[0] if hops else remote


def keyed(value: str) -> str:
    """A keyed hash of an address or a name: enough to count, useless to recover the value
    (个人信息保护法 §51: 去标识化)."""
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def client_key(request: HttpRequest) -> str:
    return keyed(client_address(request))


def count(name: str) -> int:
    """How many times ``name`` was noted within its window."""
    return int(cache.get(f"gk-count:{name}", 0))


def note(name: str, window_seconds: int) -> int:
    """Count one more ``name``; the window starts at the first one.  The new count."""
    key = f"gk-count:{name}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1


def forget(name: str) -> None:
    cache.delete(f"gk-count:{name}")


def use_once(name: str, window_seconds: int) -> bool:
    """True the first time ``name`` is used within the window, False after (a replay)."""
    return bool(cache.add(f"gk-once:{name}", 1, timeout=window_seconds))


# Sign-in: per account and per client address -----------------------------------------------


def _account(username: str) -> str:
    return "login-account:" + keyed(username.strip().lower())


def _client(address: str) -> str:
    return "login-client:" + keyed(address)


def login_locked(username: str, address: str) -> bool:
    return (
        count(_account(username)) >= settings.GONGKAI_LOGIN_FAILURES_PER_ACCOUNT
        or count(_client(address)) >= settings.GONGKAI_LOGIN_FAILURES_PER_CLIENT
    )


def login_failed(username: str, address: str) -> None:
    window = settings.GONGKAI_LOGIN_LOCKOUT_SECONDS
    note(_account(username), window)
    note(_client(address), window)


def login_reset(username: str) -> None:
    """A successful sign-in or an administrator's password reset clears the account's count
    (the client's count runs out by itself)."""
    forget(_account(username))
