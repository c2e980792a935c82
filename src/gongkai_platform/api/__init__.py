"""A small read-only JSON API over applications and annual reports (token authentication, an
OpenAPI document), scoped exactly like the pages."""
