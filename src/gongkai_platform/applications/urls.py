from django.urls import path

from gongkai_platform.applications import views

urlpatterns = [
    path("", views.home, name="home"),
    path("applications/", views.application_list, name="applications"),
    path("applications/new/", views.intake, name="intake"),
    path("corrections/", views.record_corrections, name="record_corrections"),
    path("applications/export.<str:fmt>", views.application_export, name="applications_export"),
    path("applications/<id:pk>/", views.detail, name="application"),
    path("applications/<id:pk>/act/<str:action>/", views.act, name="act"),
    path("applications/<id:pk>/identity-proof/", views.identity_proof, name="identity_proof"),
    path("applications/<id:pk>/letter.<str:fmt>", views.letter, name="letter"),
    path("applications/<id:pk>/notices/<str:key>.<str:fmt>", views.notice, name="notice"),
    path(
        "applications/<id:pk>/attachments/<id:attachment>",
        views.reply_attachment,
        name="reply_attachment",
    ),
]
