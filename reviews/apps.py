from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = "Sơ kết, tổng kết"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from accounts import navigation
        from assessments.deadlines import register_reminders
        from core import home
        from reviews import events, permissions, selectors  # noqa: F401  (registers the reviews' acts)

        navigation.register(_("Sơ kết, tổng kết"), "reviews:list", "journal-text", "reviews.read", order=45)
        register_reminders(events.send_reminders)  # the parts' two deadlines, in the nightly reminders
        home.register(selectors.home_panels)  # the parts the user writes now, on the home page
