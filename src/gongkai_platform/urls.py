"""URL map: login, the handler's home, applications."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("gongkai_platform.applications.urls")),
    path("gk/", include("gongkai_platform.portal.urls")),
    path("catalog/", include("gongkai_platform.catalog.urls")),
    path("reports/", include("gongkai_platform.reports.urls")),
    path("appeals/", include("gongkai_platform.appeals.urls")),
    path("api/", include("gongkai_platform.api.urls")),
    path("manage/calendar/", include("gongkai_platform.holiday_calendar.urls")),
    path("manage/", include("gongkai_platform.accounts.urls")),
]
