"""The content security policy of every page (OWASP ASVS 14.4.3): scripts, styles, images and
fonts from this site only, no plugins, no framing, forms posted to this site only.  Pages have no
inline script or style (stylesheets are static files), so nothing needs ``'unsafe-inline'``.

A response that sets its own policy keeps it: the published annual report's HTML rendering
carries its styles inline and is served with a stricter policy of its own (``portal.views``).
Django 5.2 has no built-in CSP; this is the whole of what the platform needs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# For documents that bring their own inline styles and nothing else (the report renderings).
DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
)
HEADER = "Content-Security-Policy"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = POLICY
        return response
