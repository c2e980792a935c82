from django.urls import path

from gongkai_platform.holiday_calendar import views

app_name = "holiday_calendar"

urlpatterns = [
    path("", views.calendar, name="calendar"),
]
