from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "gongkai_platform.backup"
    label = "backup"
    verbose_name = "备份与恢复"
