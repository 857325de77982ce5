from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'assessments'
    verbose_name = "Đánh giá, công nhận"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from accounts import navigation
        from assessments import deadlines, permissions, selectors  # noqa: F401  (permissions: the dossiers' acts)
        from core import home

        # the lists (issue 22): search, filters and paging in the URL; each row links to the commune's history
        for label, url_name, icon, order in ((_("Hồ sơ"), "assessments:list", "folder2-open", 5),
                                             (_("Đợt đánh giá"), "assessments:rounds", "calendar3", 6),
                                             (_("Quyết định công nhận"), "assessments:decisions", "patch-check", 7),
                                             (_("Xã, phường"), "communes:list", "geo-alt", 8)):
            navigation.register(label, url_name, icon, "assessments.read_lists", order=order)
        navigation.register(_("Mở đợt đánh giá"), "assessments:round_new", "calendar-plus", "assessments.open_round",
                            order=10)
        navigation.register(_("Khen thưởng"), "assessments:merit", "award", "assessments.read_merit", order=20)

        home.register(selectors.home_panels)  # the home page's panels (accounts does not import assessments)
        home.register(deadlines.home_panels)  # the deadlines of the user's unit, judged by the acts' days
