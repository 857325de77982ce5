from django.urls import path

from operations import health, metrics

app_name = "operations"
urlpatterns = [
    path("health/", health.Health.as_view(), name="health"),
    path("health/web/", health.WebHealth.as_view(), name="health_web"),
    path("metrics", metrics.metrics, name="metrics"),
]
