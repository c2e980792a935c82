from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gongkai_platform.appeals"
    label = "appeals"
    verbose_name = "复议诉讼"

    def ready(self) -> None:
        from gongkai_platform.appeals.forms import APPEAL_FORMS
        from gongkai_platform.applications.forms import ACTION_FORMS

        ACTION_FORMS.update(APPEAL_FORMS)
