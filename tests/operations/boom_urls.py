"""A URL whose view fails on purpose, after reading a form with personal data and a file (test_errors), and
one whose view queues a task that will fail with the form's values (test_worker_process)."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def boom(request):
    upload = request.FILES.get("tep")
    child = request.POST.get("ho_ten")
    # as PostgreSQL and Python quote values in their errors' text
    raise ValueError(f"Key (ho_ten)=({child}) already exists; cannot read {upload.name if upload else '-'} "
                     f"of '{child}'")


@csrf_exempt
def queue_failing_task(request):
    from tests.operations._failing_task import read_birth_certificate

    result = read_birth_certificate.enqueue(child=request.POST["ho_ten"], file_name=request.POST["ten_tep"])
    return HttpResponse(str(result.id), content_type="text/plain")


urlpatterns = [path("boom/", boom), path("queue-failing-task/", queue_failing_task), path("", include("config.urls"))]
