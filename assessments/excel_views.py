"""Download a round's score template as Excel and upload it back, all or nothing (assessments.excel).

Who: anyone may download the template of a unit they can see (a commune officer their commune, a
district officer a commune of the district or the whole district, provincial staff any of these),
because it only shows points they can already see. Uploading is the commune's self-assessment, which
the services reserve to the commune's own officer: the district appraises, it does not score for the
commune. So the upload page is for commune officers, and any row of another commune is an error.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from assessments import excel
from assessments.models import Round
from communes.models import Unit
from core.files import private_file_response
from core.formatting import thousands


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel đã điền (.xlsx, tối đa 5 MB)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + excel.XLSX_CONTENT_TYPE}))


def _round(request, round_pk):
    return get_object_or_404(Round.objects.visible_to(request.user).select_related("standard", "province"),
                             pk=round_pk)


def _unit(request, r):
    """The unit asked for (?unit=<pk>), by default the user's own, within the user's scope and the round."""
    raw = request.GET.get("unit")
    if raw is None:
        unit = request.user.unit or (r.province if request.user.sees_everything else None)
        if unit is None:
            raise Http404
        raw = unit.pk
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise Http404
    return get_object_or_404(Unit.objects.visible_to(request.user).within(r.province), pk=pk)


@never_cache
@login_required
@require_GET
def template_download(request, round_pk):
    r = _round(request, round_pk)
    unit = _unit(request, r)
    communes = excel.template_communes(r, unit)
    if not communes:
        raise Http404(_("Đơn vị này không có xã, phường nào."))
    content = excel.build_template(round=r, communes=communes, unit=unit)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return private_file_response(content, filename=f"mau-cham-diem-{r.year}-{unit.code}-{stamp}.xlsx",
                                 content_type=excel.XLSX_CONTENT_TYPE)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, round_pk):
    r = _round(request, round_pk)
    if not request.user.has_perm("assessments.upload_workbook"):
        raise PermissionDenied(_("Chỉ cán bộ cấp xã được tải lên điểm tự đánh giá của xã mình; cơ quan công nhận "
                                 "thẩm định chứ không chấm điểm thay xã."))
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"round": r, "form": form, "problems": None, "limits": {
        "mb": excel.MAX_BYTES // 1048576, "rows": thousands(excel.MAX_ROWS)}}
    if request.method == "POST" and form.is_valid():
        try:
            saved = excel.scores_import(by=request.user, round=r, upload=form.cleaned_data["file"])
        except excel.UploadRejected as e:
            context.update(problems=e.problems, total=e.total, hidden=e.total - len(e.problems))
            messages.error(request, _("Tệp chưa được nhận: %(n)s lỗi, không có điểm nào được lưu. Sửa các lỗi "
                                      "dưới đây rồi tải lên lại.") % {"n": e.total})
            return render(request, "assessments/excel_upload.html", context, status=400)
        if not saved:
            messages.info(request, _("Tệp hợp lệ nhưng không có điểm nào để lưu."))
            return redirect("assessments:round", r.pk)
        messages.success(request, _("Đã lưu điểm tự đánh giá từ tệp Excel cho %(n)s đơn vị.") % {"n": len(saved)})
        if len(saved) == 1:
            return redirect("assessments:detail", saved[0].pk)
        return redirect("assessments:round", r.pk)
    return render(request, "assessments/excel_upload.html", context, status=400 if form.errors else 200)
