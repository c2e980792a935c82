from django.urls import path

from gongkai_platform.api import views

urlpatterns = [
    path("openapi.json", views.openapi, name="api_openapi"),
    path("applications/", views.applications, name="api_applications"),
    path("applications/<id:pk>/", views.application, name="api_application"),
    path("reports/", views.reports, name="api_reports"),
    path("reports/<id:pk>/", views.report, name="api_report"),
]
