"""URL map of the public portal (mounted at ``/gk/``) and of the staff inbox of online submissions."""

from django.urls import path

from gongkai_platform.portal import views
from gongkai_platform.portal.feeds import UnitFeed

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search_page, name="search"),
    path("reports/", views.all_reports, name="all_reports"),
    path("u/<id:unit>/", views.unit_home, name="unit"),
    path("u/<id:unit>/guide/", views.guide, name="guide"),
    path(
        "u/<id:unit>/guide/application-form.<str:fmt>",
        views.application_form,
        name="application_form",
    ),
    path("u/<id:unit>/rules/", views.rules, name="rules"),
    path("u/<id:unit>/statutory/", views.statutory, name="statutory"),
    path("u/<id:unit>/reports/", views.reports, name="reports"),
    path("u/<id:unit>/feed/", UnitFeed(), name="feed"),
    path("item/<id:pk>/", views.item, name="item"),
    path("annual-report/<id:pk>/<str:fmt>/", views.annual_report, name="annual_report"),
    path(
        "annual-report/<id:pk>/versions/<id:number>/",
        views.annual_report_version,
        name="annual_report_version",
    ),
    path("attachment/<id:pk>/", views.attachment, name="attachment"),
    path("apply/", views.apply_choose, name="apply_choose"),
    path("apply/<id:unit>/", views.apply, name="apply"),
    path("apply/received/", views.received, name="received"),
    path("track/", views.track, name="track"),
    path("track/status/", views.status, name="status"),
    path("track/letter.<str:fmt>", views.notice, {"key": "reply"}, name="letter"),
    path("track/notices/<str:key>.<str:fmt>", views.notice, name="notice"),
    path("track/attachments/<id:pk>", views.reply_attachment, name="reply_attachment"),
    path("track/<str:kind>/", views.follow_up, name="follow_up"),
    path("text-size/", views.text_size, name="text_size"),
    path("staff/online/", views.staff_inbox, name="staff_inbox"),
    path("staff/guide/", views.staff_guide, name="staff_guide"),
    path("staff/online/<id:pk>/confirm/", views.staff_confirm, name="staff_confirm"),
    path(
        "staff/follow-up/<id:pk>/confirm/",
        views.staff_confirm_follow_up,
        name="staff_confirm_follow_up",
    ),
]
