from django.urls import path

from gongkai_platform.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.index, name="index"),
    path("units/<id:pk>/", views.unit_detail, name="unit"),
    path("memberships/<id:pk>/revoke/", views.revoke, name="revoke"),
    path("units/<id:pk>/people/<id:user_pk>/", views.member, name="member"),
]
