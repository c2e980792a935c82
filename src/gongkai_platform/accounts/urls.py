from django.urls import path

from gongkai_platform.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.index, name="index"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("memberships/<int:pk>/revoke/", views.revoke, name="revoke"),
]
