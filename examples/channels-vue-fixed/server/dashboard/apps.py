from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"

    def ready(self):
        from dashboard import signals  # noqa: F401  (connects the receivers)
