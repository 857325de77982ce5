import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from communes.models import Tier


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.sees_everything:
            return self
        if user.unit_id is None:
            return self.none()
        # a round belongs to a province: visible from the province itself and everything below it
        return self.filter(province_id=user.unit.province_id)

    def readable_by(self, user):
        """``visible_to``, and the rounds of the provinces the user's unit succeeded in the 2025 reform (read)."""
        from accounts.permissions import readable

        return self.visible_to(user) | readable(self, user, "province__path")


class Round(models.Model):
    """A province's yearly assessment on one standard, with a deadline per step."""

    province = models.ForeignKey("communes.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT,
                                 related_name="rounds")
    year = models.PositiveSmallIntegerField(_("năm"))
    standard = models.ForeignKey("criteria.Standard", verbose_name=_("bộ tiêu chuẩn"),
                                 on_delete=models.PROTECT, related_name="rounds")
    period_start = models.DateField(_("kỳ đánh giá từ"))
    period_end = models.DateField(_("kỳ đánh giá đến"))
    registration_due = models.DateField(_("hạn đăng ký"), null=True, blank=True)
    submission_due = models.DateField(_("hạn xã nộp hồ sơ"))
    appraisal_due = models.DateField(_("hạn thẩm định"))
    decision_due = models.DateField(_("hạn ra quyết định"))
    # the recognising district's yearly report of results and next year's target to the province (seeds:
    # "trước ngày 30 tháng 11 hàng năm"); there is no district after 1/7/2025
    district_report_due = models.DateField(
        _("hạn cấp huyện báo cáo kết quả về tỉnh"), null=True, blank=True,
        help_text=_("Chỉ trước 01/7/2025 (còn cấp huyện). Đây là hạn báo cáo, không phải hạn ra quyết định."))
    report_due = models.DateField(_("hạn Sở tổng hợp báo cáo UBND tỉnh và Bộ"))
    # where the dates come from (assessments.deadlines): the province's plan for the round, then for each
    # deadline the text that sets it, in the text's own words (blank: no text sets it, the province chose it)
    deadlines_source = models.CharField(
        _("kế hoạch của đợt"), max_length=300, blank=True,
        help_text=_("Số, ngày, cơ quan ban hành kế hoạch của tỉnh cho đợt đánh giá."))
    registration_source = models.CharField(_("căn cứ hạn đăng ký"), max_length=300, blank=True)
    submission_source = models.CharField(
        _("căn cứ hạn xã nộp hồ sơ"), max_length=300, blank=True,
        help_text=_("Văn bản, mục và lời văn đặt hạn, ví dụ: Kế hoạch số …/KH-UBND ngày … của UBND tỉnh …, "
                    "mục …: “… gửi Ủy ban nhân dân huyện trước ngày …”. Để trống nếu không văn bản nào đặt hạn "
                    "này; các căn cứ dưới đây cũng vậy."))
    appraisal_source = models.CharField(_("căn cứ hạn thẩm định"), max_length=300, blank=True)
    decision_source = models.CharField(_("căn cứ hạn ra quyết định"), max_length=300, blank=True)
    district_report_source = models.CharField(_("căn cứ hạn cấp huyện báo cáo"), max_length=300, blank=True)
    report_source = models.CharField(_("căn cứ hạn Sở tổng hợp báo cáo"), max_length=300, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class SigningPath(models.TextChoices):
        ELECTRONIC = "electronic", _("Văn bản điện tử ký số (bắt buộc)")
        PAPER = "paper", _("Ký số hoặc bản giấy (lưu bản chụp)")

    # what records an act (decision, appraisal report, request letter, minutes): a digitally signed file the
    # app verifies, or also a scanned paper original (assessments.signing.paper_allowed); a province may
    # require the electronic path for all its rounds (ProvinceSigning)
    signing_path = models.CharField(
        _("văn bản ghi nhận kết quả"), max_length=12, choices=SigningPath.choices, default=SigningPath.PAPER,
        help_text=_("Văn bản điện tử ký số: chỉ nhận tệp PDF đã ký số và được hệ thống xác thực. Bản giấy: "
                    "nhận thêm bản chụp của văn bản ký tay, đóng dấu (đánh dấu là bản gốc giấy)."))

    objects = RoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "province"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "standard"], name="round_once"),
        ]

    def __str__(self):
        return f"{self.year} – {self.province} – {self.standard}"


class ProvinceSigning(models.Model):
    """A province's rule for the record of its acts: ``electronic_required`` refuses the paper path in every
    round of the province (the round's own setting notwithstanding)."""

    province = models.OneToOneField("communes.Unit", verbose_name=_("tỉnh"), on_delete=models.CASCADE,
                                    related_name="signing_rule")
    electronic_required = models.BooleanField(_("bắt buộc văn bản điện tử ký số"), default=False)
    source = models.CharField(_("căn cứ"), max_length=300, blank=True,
                              help_text=_("Văn bản của tỉnh yêu cầu (số, ngày, cơ quan ban hành)."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quy định ký số của tỉnh")
        verbose_name_plural = _("quy định ký số của tỉnh")

    def __str__(self):
        return str(self.province)


class Registration(models.Model):
    """A commune's registration to build toward the standard in a round's year."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="registrations")
    commune = models.ForeignKey("communes.Unit", on_delete=models.PROTECT, related_name="registrations")
    registered_on = models.DateField(_("ngày đăng ký"))
    weak_criteria = models.ManyToManyField("criteria.Criterion", blank=True,
                                           verbose_name=_("tiêu chí dự kiến khó đạt"))
    note = models.TextField(_("ghi chú"), blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                      related_name="+")

    history = HistoricalRecords(m2m_fields=[weak_criteria])

    class Meta:
        verbose_name = _("đăng ký xây dựng")
        verbose_name_plural = _("đăng ký xây dựng")
        constraints = [
            models.UniqueConstraint(fields=["round", "commune"], name="registration_once"),
        ]


class DecisionQuerySet(models.QuerySet):
    def readable_by(self, user):
        """Decisions on at least one dossier the user reads (Assessment.objects.readable_by)."""
        dossiers = Assessment.objects.readable_by(user).filter(decision=models.OuterRef("pk"))
        return self.filter(models.Exists(dossiers))


class Decision(models.Model):
    """The recognising unit's decision (Quyết định công nhận) for a round."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="decisions")
    issuer = models.ForeignKey("communes.Unit", verbose_name=_("cơ quan ban hành"),
                               on_delete=models.PROTECT, related_name="decisions")
    number = models.CharField(_("số, ký hiệu"), max_length=40)
    signed_on = models.DateField(_("ngày ký"))
    signer_name = models.CharField(_("người ký"), max_length=120)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)  # when the decision was recorded

    class IssuedBy(models.TextChoices):
        ELECTRONIC = "electronic", _("Văn bản điện tử ký số đã xác thực")
        PAPER = "paper", _("Bản chụp của bản gốc giấy")
        BEFORE_RULE = "before_rule", _("Ghi nhận trước quy định ban hành (tính từ ngày ký)")

    # Issued (ban hành): the record of the act is kept, by assessments.signing.decision_issue_by only: a verified
    # signed file, or, where the round takes the paper path, the scanned paper original. Until then the decision
    # is recorded, not issued: the communes are not told, the issuer has it to do. Decisions recorded before
    # this rule on paper-path rounds count as issued on their signing day (BEFORE_RULE, migration 0013).
    issued_at = models.DateTimeField(_("thời điểm ban hành"), null=True, blank=True)
    issued_path = models.CharField(_("ban hành bằng"), max_length=12, choices=IssuedBy.choices, blank=True)
    issued_record = models.ForeignKey("SignedDocument", verbose_name=_("văn bản ghi nhận ban hành"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = DecisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-signed_on"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number"], name="decision_number_once"),
            # issued: when and by what, both or neither
            models.CheckConstraint(condition=models.Q(issued_at__isnull=True, issued_path="")
                                   | (models.Q(issued_at__isnull=False) & ~models.Q(issued_path="")),
                                   name="decision_issued_when_and_how"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_issued(self):
        return self.issued_at is not None


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.sees_everything:
            return self
        if user.unit_id is None:
            return self.none()
        return self.filter(commune__path__startswith=user.unit.path)

    def readable_by(self, user):
        """``visible_to``, and the dossiers of the units the user's unit succeeded in the 2025 reform (read)."""
        from accounts.permissions import readable

        return readable(self, user, "commune__path")

    def recognised_by(self, unit_id):
        """The dossiers of the communes ``unit_id`` recognises: their parent (the district before the reform,
        the province after). communes.selectors.recognising_units is the same rule for a day, reading the
        unit's earlier parents too (UnitVersion); here, in SQL, the commune's own row: who acts now."""
        return self.filter(commune__parent_id=unit_id)


class Assessment(models.Model):
    """One commune's assessment in one round, from first score to the decision."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chấm điểm")
        SUBMITTED = "submitted", _("Đã nộp hồ sơ")
        RETURNED = "returned", _("Trả lại để bổ sung")
        ACCEPTED = "accepted", _("Hồ sơ hợp lệ, đang thẩm định")
        APPRAISED = "appraised", _("Đã thẩm định")
        RECOGNISED = "recognised", _("Được công nhận")
        NOT_RECOGNISED = "not_recognised", _("Không được công nhận")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="assessments")
    commune = models.ForeignKey("communes.Unit", verbose_name=_("đơn vị cấp xã"),
                                on_delete=models.PROTECT, related_name="assessments")
    tier = models.CharField(_("nhóm ngưỡng"), max_length=10, choices=Tier.choices)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    version = models.PositiveIntegerField(default=1)
    # The verdict of criteria.rules.evaluate over the final points, kept current by the services so
    # that summaries aggregate one row per commune instead of re-scoring every criterion.
    self_total = models.DecimalField(_("tổng điểm tự đánh giá"), max_digits=7, decimal_places=2,
                                     default=0)
    final_total = models.DecimalField(_("tổng điểm sau thẩm định"), max_digits=7, decimal_places=2,
                                      default=0)
    meets_standard = models.BooleanField(_("đạt chuẩn"), default=False)
    zero_criteria = models.PositiveSmallIntegerField(_("số tiêu chí 0 điểm"), default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)  # when the submission was recorded
    # the dates of the acts, as the officers record them (assessments.rules.act_date_refusal)
    request_on = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    submitted_on = models.DateField(_("ngày nộp hồ sơ"), null=True, blank=True)
    accepted_on = models.DateField(_("ngày tiếp nhận hồ sơ hợp lệ"), null=True, blank=True)
    appraisal_report_on = models.DateField(_("ngày báo cáo thẩm định"), null=True, blank=True)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="assessments")
    decision_reason = models.TextField(_("lý do"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("hồ sơ đánh giá")
        verbose_name_plural = _("hồ sơ đánh giá")
        ordering = ["round", "commune__path"]
        constraints = [
            models.UniqueConstraint(fields=["round", "commune"], name="assessment_once"),
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self):
        return f"{self.commune} – {self.round.year}"

    @property
    def is_locked(self):
        return self.status in (self.Status.RECOGNISED, self.Status.NOT_RECOGNISED)

    @property
    def commune_can_edit(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Score(models.Model):
    """A criterion's points: self-assessed by the commune, then appraised by the owning sector."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("criteria.Criterion", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm tự đánh giá"), max_digits=6, decimal_places=2,
                                 null=True, blank=True)
    appraised_points = models.DecimalField(_("điểm thẩm định"), max_digits=6, decimal_places=2,
                                           null=True, blank=True)
    appraisal_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    appraised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    appraised_at = models.DateTimeField(null=True, blank=True)  # when the appraisal was recorded
    appraised_on = models.DateField(_("ngày thẩm định"), null=True, blank=True)  # the sector's act
    source_note = models.TextField(_("nguồn số liệu"), blank=True)
    # raw figures per indicator: {"<indicator id>": {"numerator": n, "denominator": d, "points": p}}
    figures = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        ordering = ["assessment", "criterion__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="score_once"),
            models.CheckConstraint(condition=models.Q(points__gte=0), name="score_points_not_negative"),
            models.CheckConstraint(condition=models.Q(appraised_points__gte=0),
                                   name="score_appraised_not_negative"),
        ]

    @property
    def final_points(self):
        return self.appraised_points if self.appraised_points is not None else self.points


def evidence_path(instance, filename):
    # nothing personal in the stored path: the original name is kept in the row only
    return f"evidence/{instance.score.assessment_id}/{instance.token}"


class Evidence(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    token = models.CharField(max_length=40, unique=True, editable=False)
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # the file was removed at the end of its retention (manage.py purge_evidence); the row stays
    purged_on = models.DateField(_("đã xóa theo thời hạn lưu trữ ngày"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")


class Council(models.Model):
    """The commune evaluation council (Hội đồng đánh giá) and its meeting."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="council")
    meeting_date = models.DateField(_("ngày họp"), null=True, blank=True)
    starts_at = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    ends_at = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    conclusion = models.TextField(_("kết luận của hội đồng"), blank=True)
    minutes = models.FileField(_("biên bản đã ký"), upload_to="minutes/", blank=True)
    minutes_purged_on = models.DateField(_("biên bản đã xóa theo thời hạn lưu trữ ngày"), null=True,
                                         blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hội đồng đánh giá cấp xã")
        verbose_name_plural = _("hội đồng đánh giá cấp xã")


class CouncilMember(models.Model):
    class CouncilRole(models.TextChoices):
        CHAIR = "chair", _("Chủ tịch Hội đồng")
        VICE_CHAIR = "vice_chair", _("Phó Chủ tịch Hội đồng")
        STANDING = "standing", _("Thành viên thường trực")
        MEMBER = "member", _("Thành viên")
        SECRETARY = "secretary", _("Thư ký")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=160)
    council_role = models.CharField(_("vai trò trong hội đồng"), max_length=12,
                                    choices=CouncilRole.choices, default=CouncilRole.MEMBER)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["council", "id"]


class Transition(models.Model):
    """Every move of an assessment between states, with who made it and why: round-trips are kept."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Assessment.Status.choices)
    to_status = models.CharField(max_length=20, choices=Assessment.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)  # when it was recorded
    acted_on = models.DateField(_("ngày"), null=True, blank=True)  # the day of the act (submission, acceptance …)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("chuyển trạng thái")
        verbose_name_plural = _("chuyển trạng thái")
        ordering = ["assessment", "at", "id"]


class EvidenceDownload(models.Model):
    """Who downloaded which file of a dossier and when (files may hold children's personal data):
    an evidence file or the council's signed minutes. The log outlives a deleted evidence file (its
    name is kept here, the file's own history is in the evidence's audit history)."""

    evidence = models.ForeignKey(Evidence, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="downloads")
    council = models.ForeignKey(Council, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="downloads")
    original_name = models.CharField(_("tên tệp"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    # why someone outside the need-to-know (assessments.permissions.needs_to_know) opened the file
    reason = models.TextField(_("lý do xem"), blank=True)

    class Meta:
        verbose_name = _("lượt tải minh chứng")
        verbose_name_plural = _("lượt tải minh chứng")


class DocumentHeading(models.Model):
    """The issuing body a printed document carries, as the user confirmed it for this act.

    The documents name units and offices from the data (the unit's name, the office of the period);
    where a unit's name or kind changed and the data cannot know it (a commune renamed before 2025),
    the user corrects the lines on the document's heading once, and the document prints them ever
    after, rather than a later name as if it were the old one. One row per document of a dossier
    (``assessment`` with ``document`` "request", "score_sheet", "minutes", "appraisal") or of a
    decision (``decision``, ``document`` "decision").
    """

    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="headings")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="headings")
    document = models.CharField(_("văn bản"), max_length=20)
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=160, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    confirmed_at = models.DateTimeField(auto_now=True)
    # the page confirming the heading carries it (0 before the first confirmation): a second person
    # confirming from an older page is refused (assessments.services.document_heading_save)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("cơ quan ban hành trên văn bản")
        verbose_name_plural = _("cơ quan ban hành trên văn bản")
        constraints = [
            models.CheckConstraint(condition=models.Q(assessment__isnull=True) ^ models.Q(decision__isnull=True),
                                   name="heading_of_one_act"),
            models.UniqueConstraint(fields=["assessment", "document"], condition=models.Q(assessment__isnull=False),
                                    name="heading_once_per_dossier_document"),
            models.UniqueConstraint(fields=["decision", "document"], condition=models.Q(decision__isnull=False),
                                    name="heading_once_per_decision"),
        ]

    def __str__(self):
        return " / ".join(filter(None, [self.parent_body, self.issuer]))


def signed_path(instance, filename):
    # nothing personal in the stored path: the act, the document and a random token
    return f"signed/{instance.document}/{secrets.token_urlsafe(16)}.pdf"


class SignedDocumentQuerySet(models.QuerySet):
    def of_act(self, *, document, assessment=None, decision=None):
        return self.filter(document=document, **({"decision": decision} if decision is not None
                                                 else {"assessment": assessment, "decision": None}))


class SignedDocument(models.Model):
    """The record of a document's act as signed: a digitally signed PDF verified here (NĐ 30/2020, electronic
    documents), or, for an office that signs on paper, a scanned copy marked as a paper original.

    One row per document of a dossier (``assessment`` with ``document`` "request", "minutes", "appraisal") or
    of a decision (``decision``, ``document`` "decision"); a later upload replaces it (the audit history keeps
    the earlier one). What the verification read is kept with it (core.signing.verify): the signer, the
    organisation, the certificate's serial and issuer, the signing time, the result and when it was checked.
    """

    class Path(models.TextChoices):
        ELECTRONIC = "electronic", _("Văn bản điện tử ký số")
        PAPER = "paper", _("Bản chụp của bản gốc giấy")

    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="signed_documents")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="signed_documents")
    document = models.CharField(_("văn bản"), max_length=20)
    path = models.CharField(_("hình thức"), max_length=12, choices=Path.choices, default=Path.ELECTRONIC)
    file = models.FileField(_("tệp"), upload_to=signed_path)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    organisation = models.CharField(_("cơ quan, tổ chức"), max_length=300, blank=True)
    cert_serial = models.CharField(_("số hiệu chứng thư số"), max_length=80, blank=True)
    cert_issuer = models.CharField(_("tổ chức cấp chứng thư số"), max_length=400, blank=True)
    signed_at = models.DateTimeField(_("thời điểm ký"), null=True, blank=True)
    # every signature the file holds, as verified: [{field, signer_name, organisation, serial, issuer, signed_at}]
    signatures = models.JSONField(default=list, blank=True)
    verification = models.TextField(_("kết quả xác thực"), blank=True)
    verified_at = models.DateTimeField(_("ngày xác thực"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = SignedDocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("văn bản đã ký")
        verbose_name_plural = _("văn bản đã ký")
        constraints = [
            models.CheckConstraint(condition=models.Q(assessment__isnull=True) ^ models.Q(decision__isnull=True),
                                   name="signed_of_one_act"),
            models.UniqueConstraint(fields=["assessment", "document"], condition=models.Q(assessment__isnull=False),
                                    name="signed_once_per_dossier_document"),
            models.UniqueConstraint(fields=["decision", "document"], condition=models.Q(decision__isnull=False),
                                    name="signed_once_per_decision"),
        ]

    def __str__(self):
        return f"{self.document} – {self.signer_name or self.original_name}"

    @property
    def is_electronic(self):
        return self.path == self.Path.ELECTRONIC


class PreparedDocument(models.Model):
    """A PDF the app prepared "for digital signing" (with empty signature fields): its SHA-256 and length.
    A signed file is accepted only when it begins with one of these (the signing software appends its
    signature as an incremental update), so another document cannot be uploaded in place of this act's."""

    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="prepared_documents")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="prepared_documents")
    document = models.CharField(_("văn bản"), max_length=20)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField()
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    prepared_at = models.DateTimeField(auto_now_add=True)

    objects = SignedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản chuẩn bị để ký số")
        verbose_name_plural = _("văn bản chuẩn bị để ký số")
        constraints = [
            models.CheckConstraint(condition=models.Q(assessment__isnull=True) ^ models.Q(decision__isnull=True),
                                   name="prepared_of_one_act"),
            models.UniqueConstraint(fields=["assessment", "document", "sha256"],
                                    condition=models.Q(assessment__isnull=False), name="prepared_once_per_dossier"),
            models.UniqueConstraint(fields=["decision", "document", "sha256"],
                                    condition=models.Q(decision__isnull=False), name="prepared_once_per_decision"),
        ]


class StandardCorrection(models.Model):
    """A value of a standard in use corrected with its source and the day of that text.

    A standard a round uses is not edited in place (its values are read-only in the admin): a
    correction goes through ``assessments.corrections.standard_correct``, which applies it and
    recomputes the stored verdict of every undecided dossier on the standard in one transaction. A
    decided dossier keeps the verdict of its decision. This row is the audit of the act.
    """

    class Field(models.TextChoices):
        THRESHOLD_CITY_WARD = "threshold_city_ward", _("Ngưỡng: phường thuộc TP trực thuộc TW")
        THRESHOLD_OTHER = "threshold_other", _("Ngưỡng: xã, phường, thị trấn khác")
        THRESHOLD_REMOTE = "threshold_remote", _("Ngưỡng: miền núi, hải đảo, ĐBKK")
        ZERO_BLOCKS = "zero_blocks", _("Tiêu chí 0 điểm thì không công nhận (1 = có, 0 = không)")

    standard = models.ForeignKey("criteria.Standard", verbose_name=_("bộ tiêu chuẩn"), on_delete=models.PROTECT,
                                 related_name="corrections")
    field = models.CharField(_("giá trị đính chính"), max_length=30, choices=Field.choices)
    old_value = models.CharField(_("giá trị cũ"), max_length=20, editable=False)
    new_value = models.CharField(_("giá trị mới"), max_length=20)
    source = models.CharField(_("căn cứ"), max_length=300,
                              help_text=_("Văn bản quy định giá trị mới (số, ngày, cơ quan ban hành, điều khoản)."))
    decided_on = models.DateField(_("ngày của văn bản"))
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người đính chính"), null=True,
                                on_delete=models.SET_NULL, related_name="+", editable=False)
    made_at = models.DateTimeField(_("thời điểm ghi nhận"), auto_now_add=True)
    dossiers_recomputed = models.PositiveIntegerField(_("số hồ sơ chưa quyết định được tính lại"), default=0,
                                                      editable=False)

    class Meta:
        verbose_name = _("đính chính bộ tiêu chuẩn")
        verbose_name_plural = _("đính chính bộ tiêu chuẩn")
        ordering = ["-made_at"]

    def __str__(self):
        return f"{self.standard} · {self.get_field_display()}: {self.old_value} → {self.new_value}"
