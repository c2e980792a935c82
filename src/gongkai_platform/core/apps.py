from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai_platform.core"
    label = "core"
    verbose_name = "平台公共部分"
