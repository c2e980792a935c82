from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai_platform.accounts"
    label = "accounts"
    verbose_name = "机构与人员"
