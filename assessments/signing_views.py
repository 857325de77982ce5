"""The signed record of each act (assessments.signing): the document "for digital signing", the page that takes the
signed file back (or, where the round allows it, the scanned paper original), and the kept file.

Whoever reads the document reads its signed file; only the unit that issues it prepares and records it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import own_or_inherited
from assessments import permissions, signing
from assessments.models import Assessment, Decision, SignedDocument
from core.files import private_file_response


def _dossier(request, pk, slug, *, read=True):
    """The dossier (404 outside the user's scope) and a document of it that exists and is signed here."""
    base = Assessment.objects.select_related("commune", "round")
    if read:
        a = own_or_inherited(base.visible_to(request.user),
                             lambda: base.readable_by(request.user), pk=pk)
    else:
        a = get_object_or_404(base.visible_to(request.user), pk=pk)
    if slug == "decision" or slug not in signing.SIGNABLE or not signing.ready(slug, assessment=a):
        raise Http404
    return a


def _decision(request, pk, *, read=True):
    """The decision, for a user who sees one of the dossiers it decides (404 otherwise) and that dossier."""
    d = get_object_or_404(Decision.objects.select_related("issuer", "round"), pk=pk)
    a = Assessment.objects.visible_to(request.user).filter(decision=d).select_related("commune", "round").first()
    if a is None and read:
        a = Assessment.objects.readable_by(request.user).filter(decision=d).select_related("commune", "round").first()
    if a is None:
        raise Http404
    return d, a


def _for_signing(request, *, document, assessment=None, decision=None, act):
    if not permissions.may_sign_document(request.user, act, document):
        raise PermissionDenied
    pdf = signing.prepare(by=request.user, document=document, assessment=assessment, decision=decision,
                          request=request)
    return private_file_response(pdf, filename=signing.filename_of(document, assessment=assessment,
                                                                   decision=decision),
                                 content_type="application/pdf")


@login_required
@require_GET
def for_signing(request, pk, slug):
    a = _dossier(request, pk, slug, read=False)
    return _for_signing(request, document=slug, assessment=a, act=a)


@login_required
@require_GET
def decision_for_signing(request, pk):
    d, a = _decision(request, pk, read=False)
    return _for_signing(request, document="decision", decision=d, act=a)


def _record_page(request, *, document, assessment=None, decision=None, act, back):
    if not permissions.may_sign_document(request.user, act, document):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        path = request.POST.get("path", SignedDocument.Path.ELECTRONIC)
        if upload is None:
            errors = [_("Hãy chọn tệp PDF để tải lên.")]
        elif path not in SignedDocument.Path.values:
            errors = [_("Hãy chọn hình thức văn bản: điện tử ký số hoặc bản chụp bản giấy.")]
        else:
            service = (signing.signed_document_upload if path == SignedDocument.Path.ELECTRONIC
                       else signing.paper_copy_upload)
            was_issued = decision is not None and decision.is_issued
            try:
                row = service(by=request.user, document=document, upload=upload, assessment=assessment,
                              decision=decision)
            except ValidationError as e:
                errors = e.messages
            else:
                messages.success(request, _("Đã ký số, đã xác thực: %(who)s.") % {"who": row.signer_name}
                                 if row.is_electronic else _("Đã lưu bản chụp của bản gốc giấy."))
                if decision is not None and decision.is_issued and not was_issued:
                    messages.success(request, _("Quyết định đã ban hành: các xã, phường trong quyết định được "
                                                "thông báo kết quả."))
                return redirect(back)
    record = SignedDocument.objects.of_act(document=document, assessment=assessment, decision=decision).first()
    target = {"pk": decision.pk} if decision is not None else {"pk": assessment.pk, "slug": document}
    prefix = "assessments:decision_" if decision is not None else "assessments:doc_"
    return render(request, "assessments/signed_record.html", {
        "a": act, "label": signing.SIGNABLE[document].label, "record": record, "errors": errors, "back": back,
        "for_signing_url": reverse(prefix + "for_signing", kwargs=target),
        "file_url": reverse(prefix + "signed_file", kwargs=target) if record else "",
        "paper_allowed": signing.paper_allowed(act.round),
        "electronic_required": signing.electronic_required(act.round.province_id)})


@login_required
@require_http_methods(["GET", "POST"])
def signed_record(request, pk, slug):
    a = _dossier(request, pk, slug, read=False)
    return _record_page(request, document=slug, assessment=a, act=a,
                        back=reverse("assessments:detail", args=[a.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def decision_signed_record(request, pk):
    d, a = _decision(request, pk, read=False)
    return _record_page(request, document="decision", decision=d, act=a,
                        back=reverse("assessments:decision", args=[d.pk]))


def _file(record, name):
    if record is None or not record.file:
        raise Http404
    return private_file_response(record.file.open("rb"), filename=name, content_type="application/pdf")


@login_required
@require_GET
def signed_file(request, pk, slug):
    """The signed file (or the scanned paper original), for anyone who reads the dossier."""
    a = _dossier(request, pk, slug)
    record = SignedDocument.objects.of_act(document=slug, assessment=a).first()
    return _file(record, signing.filename_of(slug, assessment=a, suffix="da-ky"))


@login_required
@require_GET
def decision_signed_file(request, pk):
    d, _a = _decision(request, pk)
    record = SignedDocument.objects.of_act(document="decision", decision=d).first()
    return _file(record, signing.filename_of("decision", decision=d, suffix="da-ky"))



# --- the province's rule: the electronic path required in all its rounds (ProvinceSigning) ---------------------

@login_required
@require_http_methods(["GET", "POST"])
def province_signing(request, pk):
    """The province's rule for the record of its acts, with its history and its rounds as the rule leaves them.
    Whoever works in the province and the ministry read it (404 elsewhere); only the province's staff change it
    (signing.province_signing_set, checked again there)."""
    from assessments.forms import ProvinceSigningForm
    from assessments.models import ProvinceSigning, Round
    from communes.models import Unit

    user = request.user
    province = get_object_or_404(Unit.objects.provinces(), pk=pk)
    if not (user.sees_everything or (user.unit_id is not None and user.unit.province_id == province.pk)):
        raise Http404
    may_change = user.has_perm("assessments.set_signing_rule", province)
    rule = ProvinceSigning.objects.filter(province=province).first()
    form = ProvinceSigningForm(request.POST or None, instance=rule)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của %(unit)s được đặt quy định ký số của tỉnh.")
                                   % {"unit": province})
        if form.is_valid():
            try:
                signing.province_signing_set(by=user, province=province, **form.cleaned_data)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Đã lưu quy định ký số của tỉnh."))
                return redirect("assessments:province_signing", province.pk)
    history = (ProvinceSigning.history.filter(province_id=province.pk).select_related("history_user")
               .order_by("-history_date", "-history_id")[:50])
    rounds = list(Round.objects.filter(province=province).order_by("-year", "pk"))
    paper = signing.paper_allowed_in(rounds)
    return render(request, "assessments/province_signing.html", {
        "province": province, "rule": rule, "form": form, "may_change": may_change, "history": history,
        "rounds": [(r, paper[r.pk]) for r in rounds]})
