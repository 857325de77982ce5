"""What each resource shows. Nothing here reads the database: every relation a row shows is joined or
prefetched by its view (a page of 500 rows costs the queries of a page of 1). Never evidence files,
minutes, council members or officers' names: a decision's signer is the only person named."""

from django.utils import timezone
from rest_framework import serializers

from assessments.models import Assessment, Decision, Registration, Round, Score
from communes.models import Unit, UnitLink, UnitTier
from criteria.models import Criterion, Indicator, Ownership, Sector, SectorName, Standard
from reports.models import Target


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "level", "kind"]


class TierSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitTier
        fields = ["tier", "valid_from", "valid_to", "source"]


class SuccessorLinkSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(source="successor")

    class Meta:
        model = UnitLink
        fields = ["unit", "is_default", "source"]


class PredecessorLinkSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(source="predecessor")

    class Meta:
        model = UnitLink
        fields = ["unit", "is_default", "source"]


class UnitSerializer(serializers.ModelSerializer):
    parent = UnitRefSerializer(allow_null=True)
    tiers = TierSerializer(many=True, help_text="Nhóm ngưỡng công nhận theo giai đoạn, với căn cứ.")
    successors = SuccessorLinkSerializer(source="successor_links", many=True,
                                         help_text="Đơn vị từ 01/7/2025 mà đơn vị này nhập vào (sắp xếp 2025).")
    predecessors = PredecessorLinkSerializer(source="predecessor_links", many=True,
                                             help_text="Đơn vị trước 01/7/2025 hợp thành đơn vị này.")

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "level", "kind", "parent", "valid_from", "valid_to", "tiers",
                  "successors", "predecessors"]


class SectorNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = SectorName
        fields = ["name", "short_name", "valid_from", "valid_to", "source"]


class SectorSerializer(serializers.ModelSerializer):
    names = SectorNameSerializer(many=True, help_text="Tên cơ quan theo giai đoạn, với căn cứ.")

    class Meta:
        model = Sector
        fields = ["code", "name", "short_name", "names"]


class OwnershipSerializer(serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Ownership
        fields = ["province_code", "sector", "lead", "source"]


class IndicatorSerializer(serializers.ModelSerializer):
    provisional = serializers.BooleanField(help_text="Tên hoặc điểm chưa đối chiếu với văn bản gốc.")

    class Meta:
        model = Indicator
        fields = ["number", "name", "max_points", "measure", "rate_base", "bands", "name_confirmed", "name_source",
                  "points_confirmed", "points_source", "provisional"]


class CriterionSerializer(serializers.ModelSerializer):
    default_sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    indicators = IndicatorSerializer(many=True)
    owners = OwnershipSerializer(source="ownerships", many=True,
                                 help_text="Ngành thẩm định theo tỉnh (province_code rỗng: mặc định cho mọi tỉnh); "
                                           "không có dòng nào thì ngành mặc định.")
    provisional = serializers.BooleanField(help_text="Tên hoặc điểm chưa đối chiếu với văn bản gốc.")

    class Meta:
        model = Criterion
        fields = ["number", "name", "max_points", "default_sector", "name_confirmed", "name_source",
                  "points_confirmed", "points_source", "provisional", "indicators", "owners"]


class StandardSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True)

    class Meta:
        model = Standard
        fields = ["id", "code", "title", "issued_on", "in_force_from", "in_force_to", "total_points",
                  "threshold_city_ward", "threshold_other", "threshold_remote", "thresholds_provisional",
                  "thresholds_source", "zero_blocks", "zero_blocks_source", "guidance", "criteria"]


DEADLINES = (("registration", "registration_due", "registration_source"),
             ("submission", "submission_due", "submission_source"),
             ("appraisal", "appraisal_due", "appraisal_source"),
             ("decision", "decision_due", "decision_source"),
             ("district_report", "district_report_due", "district_report_source"),
             ("report", "report_due", "report_source"))
STEPS = {"registration": "Xã đăng ký xây dựng", "submission": "Xã nộp hồ sơ", "appraisal": "Thẩm định",
         "decision": "Ra quyết định công nhận", "district_report": "Cấp huyện báo cáo kết quả về tỉnh",
         "report": "Sở tổng hợp báo cáo UBND tỉnh và Bộ"}


class DeadlineSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=[(d[0], STEPS[d[0]]) for d in DEADLINES], help_text="Bước có hạn.")
    due = serializers.DateField()
    source = serializers.CharField(help_text="Văn bản đặt hạn (rỗng: tỉnh tự chọn ngày khi mở đợt).")


class RoundSerializer(serializers.ModelSerializer):
    province = UnitRefSerializer()
    standard = serializers.SlugRelatedField(slug_field="code", read_only=True)
    deadlines = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = ["id", "year", "province", "standard", "period_start", "period_end", "deadlines_source", "deadlines"]

    def get_deadlines(self, round_) -> DeadlineSerializer(many=True):
        return [{"step": step, "due": getattr(round_, due), "source": getattr(round_, source)}
                for step, due, source in DEADLINES if getattr(round_, due) is not None]


class DecisionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "number", "signed_on"]


class DossierSerializer(serializers.ModelSerializer):
    commune = UnitRefSerializer()
    recognising_unit = UnitRefSerializer(source="commune.parent", allow_null=True)
    round = serializers.PrimaryKeyRelatedField(read_only=True)
    year = serializers.IntegerField(source="round.year")
    standard = serializers.CharField(source="round.standard.code")
    status_label = serializers.CharField(source="get_status_display")
    decision = DecisionRefSerializer(allow_null=True)

    class Meta:
        model = Assessment
        fields = ["id", "round", "year", "standard", "commune", "recognising_unit", "tier", "status", "status_label",
                  "request_on", "submitted_on", "accepted_on", "appraisal_report_on", "self_total", "final_total",
                  "meets_standard", "zero_criteria", "decision", "decision_reason", "updated_at"]

    PLAIN = ("tier", "status", "meets_standard", "zero_criteria", "decision_reason")
    DATES = ("request_on", "submitted_on", "accepted_on", "appraisal_report_on")

    def to_representation(self, a):
        """The fields above, built directly: the national list of a year is 3,321 rows, and DRF's generic walk
        over nested serializers costs several times the query (the same output, checked by the tests)."""
        row = {"id": a.pk, "round": a.round_id, "year": a.round.year, "standard": a.round.standard.code,
               "commune": _unit_ref(a.commune), "recognising_unit": _unit_ref(a.commune.parent)}
        row.update((name, getattr(a, name)) for name in self.PLAIN)
        labels = self.__dict__.get("_labels")
        if labels is None:  # the statuses' labels once per answer, not a translation lookup per row
            labels = self.__dict__["_labels"] = {value: str(label) for value, label in Assessment.Status.choices}
        row["status_label"] = labels.get(a.status, a.status)
        row.update((name, None if getattr(a, name) is None else getattr(a, name).isoformat()) for name in self.DATES)
        row["self_total"], row["final_total"] = a.self_total, a.final_total  # Decimal, 2 places: as the column
        d = a.decision
        row["decision"] = None if d is None else {"id": d.pk, "number": d.number, "signed_on": d.signed_on.isoformat()}
        row["updated_at"] = timezone.localtime(a.updated_at).isoformat()
        if type(self) is DossierSerializer:  # a list's row: its fields need not be built at all
            return {name: row[name] for name in self.Meta.fields}
        fields = self.fields
        return {**row, **{name: fields[name].to_representation(fields[name].get_attribute(a))
                          for name in fields if name not in row}}


def _unit_ref(unit):
    if unit is None:
        return None
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "level": unit.level, "kind": unit.kind}


# The columns of a dossier's row in a list (DossierViewSet.list), read as tuples: a page of 500 rows builds no model
# instance (a dossier, its commune, the commune's parent, its round, the round's standard and its decision would be
# six a row), only the dicts it answers.
DOSSIER_COLUMNS = ("pk", "round_id", "round__year", "round__standard__code",
                   "commune_id", "commune__code", "commune__name", "commune__level", "commune__kind",
                   "commune__parent_id", "commune__parent__code", "commune__parent__name", "commune__parent__level",
                   "commune__parent__kind", "tier", "status", "request_on", "submitted_on", "accepted_on",
                   "appraisal_report_on", "self_total", "final_total", "meets_standard", "zero_criteria",
                   "decision_id", "decision__number", "decision__signed_on", "decision_reason", "updated_at")


def dossier_rows(values, *, floats=False):
    """The list's rows from tuples of DOSSIER_COLUMNS: exactly DossierSerializer's rows (tested), in its order. With
    ``floats`` the totals are floats, as the JSON renderer would write them (COERCE_DECIMAL_TO_STRING off), without
    its encoder calling back into Python for each of them; CSV keeps the column's two places ("850.50")."""
    labels = {value: str(label) for value, label in Assessment.Status.choices}  # translated once an answer
    zone = timezone.get_current_timezone()
    return [
        {"id": pk, "round": round_id, "year": year, "standard": standard,
         "commune": {"id": c_id, "code": c_code, "name": c_name, "level": c_level, "kind": c_kind},
         "recognising_unit": None if p_id is None else {"id": p_id, "code": p_code, "name": p_name,
                                                        "level": p_level, "kind": p_kind},
         "tier": tier, "status": status, "status_label": labels.get(status, status),
         "request_on": request_on and request_on.isoformat(), "submitted_on": submitted_on and submitted_on.isoformat(),
         "accepted_on": accepted_on and accepted_on.isoformat(),
         "appraisal_report_on": report_on and report_on.isoformat(),
         "self_total": float(self_total) if floats else self_total,
         "final_total": float(final_total) if floats else final_total, "meets_standard": meets, "zero_criteria": zeros,
         "decision": None if d_id is None else {"id": d_id, "number": d_number, "signed_on": d_signed.isoformat()},
         "decision_reason": reason, "updated_at": updated_at.astimezone(zone).isoformat()}
        for (pk, round_id, year, standard, c_id, c_code, c_name, c_level, c_kind, p_id, p_code, p_name, p_level,
             p_kind, tier, status, request_on, submitted_on, accepted_on, report_on, self_total, final_total, meets,
             zeros, d_id, d_number, d_signed, reason, updated_at) in values]


class PointsSerializer(serializers.ModelSerializer):
    criterion = serializers.IntegerField(source="criterion.number")
    name = serializers.CharField(source="criterion.name")
    max_points = serializers.IntegerField(source="criterion.max_points")
    final_points = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True,
                                            help_text="Điểm thẩm định nếu ngành đã thẩm định, nếu không thì điểm tự "
                                                      "đánh giá.")

    class Meta:
        model = Score
        fields = ["criterion", "name", "max_points", "points", "appraised_points", "final_points", "appraised_on"]


class DossierDetailSerializer(DossierSerializer):
    points = PointsSerializer(source="scores", many=True, help_text="Điểm từng tiêu chí.")

    class Meta(DossierSerializer.Meta):
        fields = DossierSerializer.Meta.fields + ["points"]


class DecidedSerializer(serializers.Serializer):
    dossier = serializers.IntegerField(source="pk")
    commune = UnitRefSerializer()
    final_total = serializers.DecimalField(max_digits=7, decimal_places=2)
    reason = serializers.CharField(source="decision_reason")


class DecisionSerializer(serializers.ModelSerializer):
    issuer = UnitRefSerializer()
    round = serializers.PrimaryKeyRelatedField(read_only=True)
    year = serializers.IntegerField(source="round.year")
    issued = serializers.BooleanField(source="is_issued", help_text=(
        "Đã ban hành: tệp ký số của quyết định đã được xác thực, hoặc (đợt nhận bản giấy) đã lưu bản chụp bản gốc "
        "giấy. Chưa ban hành: quyết định mới được ghi nhận."))
    issued_at = serializers.DateTimeField(allow_null=True, help_text="Thời điểm ban hành (null: chưa ban hành).")
    issued_path = serializers.CharField(allow_null=True, help_text=(
        "Văn bản ghi nhận ban hành: electronic (văn bản điện tử ký số đã xác thực), paper (bản chụp bản gốc giấy), "
        "before_rule (ghi nhận trước quy định ban hành, tính từ ngày ký); null: chưa ban hành."))
    recognised = serializers.SerializerMethodField()
    not_recognised = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["id", "number", "signed_on", "issuer", "signer_name", "signer_title", "round", "year",
                  "issued", "issued_at", "issued_path", "recognised", "not_recognised"]

    def to_representation(self, decision):
        row = super().to_representation(decision)
        row["issued_path"] = row["issued_path"] or None
        return row

    def _decided(self, decision, status):
        return DecidedSerializer([a for a in decision.assessments.all() if a.status == status], many=True).data

    def get_recognised(self, decision) -> DecidedSerializer(many=True):
        return self._decided(decision, Assessment.Status.RECOGNISED)

    def get_not_recognised(self, decision) -> DecidedSerializer(many=True):
        return self._decided(decision, Assessment.Status.NOT_RECOGNISED)


class RegistrationSerializer(serializers.ModelSerializer):
    commune = UnitRefSerializer()
    round = serializers.PrimaryKeyRelatedField(read_only=True)
    year = serializers.IntegerField(source="round.year")
    weak_criteria = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = ["id", "round", "year", "commune", "registered_on", "weak_criteria"]

    def get_weak_criteria(self, registration) -> list[int]:
        return sorted(c.number for c in registration.weak_criteria.all())


class TargetSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(allow_null=True, help_text="Rỗng: chỉ tiêu của Chương trình quốc gia.")

    class Meta:
        model = Target
        fields = ["id", "unit", "kind", "year", "year_from", "percent", "percent_max", "source"]


# --- reports: the selectors' own rows (reports.selectors), as the pages show them ---------------------

class PlanTargetSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField()
    year_from = serializers.IntegerField(allow_null=True)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    percent_max = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    source = serializers.CharField()


class SummaryRowSerializer(serializers.Serializer):
    unit = UnitRefSerializer(allow_null=True)
    label = serializers.CharField()
    units = serializers.IntegerField()
    registered = serializers.IntegerField()
    assessed = serializers.IntegerField()
    unregistered = serializers.IntegerField()
    submitted = serializers.IntegerField()
    recognised = serializers.IntegerField()
    newly = serializers.IntegerField()
    lost = serializers.IntegerField()
    previously = serializers.IntegerField()
    overdue = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    new_share = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    target = PlanTargetSerializer(allow_null=True)
    new_target = PlanTargetSerializer(allow_null=True)
    gap = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    needed = serializers.IntegerField(allow_null=True)


class ReportScopeSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    unit = UnitRefSerializer(allow_null=True, help_text="Rỗng: mọi đơn vị trong phạm vi (toàn quốc với khóa "
                                                        "Trung ương).")
    history_rule = serializers.CharField(help_text="Có khi số liệu gồm các đơn vị trước sắp xếp 2025.")


class SummarySerializer(serializers.Serializer):
    scope = ReportScopeSerializer()
    rows = SummaryRowSerializer(many=True)
    total = SummaryRowSerializer()
    rounds = serializers.ListField(child=serializers.IntegerField())
    reference_day = serializers.DateField()
    counts_rule = serializers.CharField()


class CriterionFigureSerializer(serializers.Serializer):
    standard = serializers.CharField()
    number = serializers.IntegerField()
    name = serializers.CharField()
    max_points = serializers.IntegerField()
    provisional = serializers.BooleanField()
    scored = serializers.IntegerField()
    zeros = serializers.IntegerField()
    blocks = serializers.IntegerField()
    average = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    average_share = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class CriteriaAnalysisSerializer(serializers.Serializer):
    scope = ReportScopeSerializer()
    rows = CriterionFigureSerializer(many=True)
    dossiers = serializers.IntegerField()
    with_zero = serializers.IntegerField()
    blocked = serializers.IntegerField()


class TrendPointSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    units = serializers.IntegerField()
    recognised = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class TrendLineSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    label = serializers.CharField()
    points = TrendPointSerializer(many=True)


class TrendTargetSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class TrendSerializer(serializers.Serializer):
    scope = ReportScopeSerializer()
    years = serializers.ListField(child=serializers.IntegerField())
    standards = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    total = TrendPointSerializer(many=True)
    lines = TrendLineSerializer(many=True)
    targets = TrendTargetSerializer(many=True)


class HolderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    parent = serializers.CharField(allow_null=True)
    run = serializers.IntegerField(help_text="Số năm liên tục được công nhận tính đến năm báo cáo (tối đa 5).")
    certificate = serializers.ChoiceField(choices=[("district", "Giấy khen cấp huyện (3 năm liên tục)"),
                                                   ("province", "Bằng khen cấp tỉnh (5 năm liên tục)")])


class HoldersSerializer(serializers.Serializer):
    scope = ReportScopeSerializer()
    rows = HolderSerializer(many=True)
