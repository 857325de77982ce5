from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'accounts'
    verbose_name = "Người dùng"

    def ready(self):
        from accounts import navigation, permissions  # noqa: F401  (the roles' predicates, the menu's own entries)
