from django.apps import AppConfig


class HolidayCalendarConfig(AppConfig):
    name = "gongkai_platform.holiday_calendar"
    label = "holiday_calendar"
    verbose_name = "节假日安排"
