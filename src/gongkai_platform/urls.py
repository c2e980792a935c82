"""URL map: sign-in and one's own password and tokens, the handler's home, applications."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from gongkai_platform import converters  # noqa: F401  (registers <id:…> before the includes)
from gongkai_platform.accounts import signin
from gongkai_platform.api import pages as api_pages

urlpatterns = [
    path("login/", signin.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", signin.password_change, name="password_change"),
    path("account/tokens/", api_pages.tokens, name="api_tokens"),
    path("account/tokens/<id:pk>/revoke/", api_pages.revoke, name="api_token_revoke"),
    path("", include("gongkai_platform.applications.urls")),
    path("gk/", include("gongkai_platform.portal.urls")),
    path("catalog/", include("gongkai_platform.catalog.urls")),
    path("reports/", include("gongkai_platform.reports.urls")),
    path("appeals/", include("gongkai_platform.appeals.urls")),
    path("api/", include("gongkai_platform.api.urls")),
    path("manage/calendar/", include("gongkai_platform.holiday_calendar.urls")),
    path("manage/", include("gongkai_platform.accounts.urls")),
    path("oversight/", include("gongkai_platform.oversight.urls")),
]
