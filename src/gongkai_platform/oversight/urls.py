from django.urls import path

from gongkai_platform.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/<int:year>/", views.register, name="register"),
    path("<int:pk>/<int:year>/rollup/", views.area, name="area"),
    path("<int:pk>/<int:year>/rollup/claim/", views.area_claim, name="area_claim"),
    path("<int:pk>/<int:year>/statistics/", views.statistics, name="statistics"),
    path("<int:pk>/<int:year>/deadline/", views.deadline, name="deadline"),
    path("<int:pk>/<int:year>/units/<int:unit_pk>/", views.unit, name="unit"),
    path("<int:pk>/<int:year>/units/<int:unit_pk>/checks/", views.unit_checks, name="unit_checks"),
    path("<int:pk>/<int:year>/units/<int:unit_pk>/action/", views.unit_action, name="unit_action"),
]
