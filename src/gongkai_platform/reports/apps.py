from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai_platform.reports"
    label = "reports"
    verbose_name = "年度报告"
