"""/api/v1/: the read-only API, its OpenAPI 3 schema and its documentation (Swagger UI, Redoc) served from the
app's own static files (drf-spectacular-sidecar)."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import views

app_name = "api"


class SchemaView(SpectacularAPIView):
    """The schema, served as a file (schema.yaml): never kept by a cache, as every file the app serves."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response


router = SimpleRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("standards", views.StandardViewSet, basename="standard")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("dossiers", views.DossierViewSet, basename="dossier")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("registrations", views.RegistrationViewSet, basename="registration")
router.register("targets", views.TargetViewSet, basename="target")

urlpatterns = [
    *router.urls,
    path("reports/summary/", views.SummaryReport.as_view(), name="report_summary"),
    path("reports/criteria/", views.CriteriaReport.as_view(), name="report_criteria"),
    path("reports/trend/", views.TrendReport.as_view(), name="report_trend"),
    path("reports/holders/", views.HoldersReport.as_view(), name="report_holders"),
    path("schema/", SchemaView.as_view(), name="schema"),
    # Swagger UI writes style attributes (its answers' highlighting after "Try it out"), blocked by the site's
    # policy and logged as a refusal in the browser (tests/browser/test_api_docs.py): these pages show no record
    path("docs/", csp_update({"style-src": [UNSAFE_INLINE]})(
        SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    # Redoc writes its styles into the page and reads the schema in a worker it makes from a blob
    path("redoc/", csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
        SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
]
