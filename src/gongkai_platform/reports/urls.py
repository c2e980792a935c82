from django.urls import path

from gongkai_platform.reports import views

urlpatterns = [
    path("", views.report_list, name="reports"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/cells/<str:key>/", views.report_cell, name="report_cell"),
    path("<int:pk>/edit/", views.report_edit_view, name="report_edit"),
    path("<int:pk>/adjust/", views.report_adjust_view, name="report_adjust"),
    path("<int:pk>/publish/", views.report_publish_view, name="report_publish"),
    path("<int:pk>/report.<str:fmt>", views.report_download, name="report_download"),
]
