from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = "Sơ kết, tổng kết"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from accounts import navigation
        from reviews import permissions  # noqa: F401  (registers the reviews' acts)

        navigation.register(_("Sơ kết, tổng kết"), "reviews:list", "journal-text", "reviews.read", order=45)
