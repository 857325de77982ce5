"""A URL whose view fails on purpose, after reading a form with personal data and a file (test_errors)."""

from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def boom(request):
    upload = request.FILES.get("tep")
    child = request.POST.get("ho_ten")
    # as PostgreSQL and Python quote values in their errors' text
    raise ValueError(f"Key (ho_ten)=({child}) already exists; cannot read {upload.name if upload else '-'} "
                     f"of '{child}'")


urlpatterns = [path("boom/", boom), path("", include("config.urls"))]
