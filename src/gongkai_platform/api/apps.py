from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gongkai_platform.api"
    label = "api"
    verbose_name = "接口"
