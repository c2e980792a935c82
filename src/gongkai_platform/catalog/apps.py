from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai_platform.catalog"
    label = "catalog"
    verbose_name = "主动公开目录"
