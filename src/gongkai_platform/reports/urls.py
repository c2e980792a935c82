from django.urls import path

from gongkai_platform.reports import views

urlpatterns = [
    path("", views.report_list, name="reports"),
    path("<id:pk>/", views.report_detail, name="report"),
    path("<id:pk>/cells/<str:key>/", views.report_cell, name="report_cell"),
    path("<id:pk>/edit/", views.report_edit_view, name="report_edit"),
    path("<id:pk>/adjust/", views.report_adjust_view, name="report_adjust"),
    path("<id:pk>/publish/", views.report_publish_view, name="report_publish"),
    path("<id:pk>/correct/", views.report_correct_view, name="report_correct"),
    path("<id:pk>/prior/", views.report_prior_view, name="report_prior"),
    path("<id:pk>/versions/<id:number>/", views.report_version_diff, name="report_version_diff"),
    path("<id:pk>/report.<str:fmt>", views.report_download, name="report_download"),
]
