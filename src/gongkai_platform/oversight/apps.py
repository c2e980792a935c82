from django.apps import AppConfig


class OversightConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai_platform.oversight"
    verbose_name = "上级监督"
