"""The read-only API (issue 26). Thin: every queryset starts from the predicate the pages use
(``Unit``/``Assessment``/``Round``/``Decision`` ``readable_by`` or ``accounts.permissions.readable``), every report
calls the reports' selectors through the reports' own filter form (reports.forms.ReportFilterForm), as the pages
do. A record outside the reader's scope is not found (404); a list holds none of it."""

from django.db.models import Count, Max, Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, viewsets
from rest_framework.response import Response

from accounts.permissions import readable
from api import filters, serializers
from api.base import Conditional, NewestFirst
from api.errors import BadFilter
from assessments.models import Assessment, Decision, Registration, Round, Score
from communes.models import Unit, UnitLink, UnitTier
from criteria.models import Criterion, Indicator, Ownership, Sector, SectorName, Standard
from reports import selectors as reports
from reports.forms import ReportFilterForm
from reports.models import Target
from reports.scope import HISTORY_RULE

LISTS = "assessments.read_lists"  # the lists' own predicate: whoever works at a unit, the ministry
REPORTS = "reports.read"  # the reports' own predicate


class ReadOnly(Conditional, viewsets.ReadOnlyModelViewSet):
    read_perm = LISTS
    lookup_value_regex = r"[0-9]+"  # an id no column holds is not found (Django: no row)


@extend_schema(tags=["Đơn vị hành chính"],
               description="Đơn vị hành chính hiện hành và trước 01/7/2025: mã, loại, cấp trên, thời gian hiệu lực, nhóm ngưỡng theo giai đoạn (có căn cứ), đơn vị trước và sau sắp xếp năm 2025. Phạm vi: đơn vị của khóa, các đơn vị trực thuộc và các đơn vị nó kế thừa.")  # noqa: E501
class UnitViewSet(ReadOnly):
    """Administrative units, current and before the 2025 reform, with their parent, validity, tiers by period
    (with their source) and the reform's predecessor/successor links. Scope: the reader's unit, its subtree and
    the units it succeeded (national keys: every unit)."""

    queryset = Unit.objects.none()  # the schema's model; every request reads get_queryset()

    serializer_class = serializers.UnitSerializer
    filterset_class = filters.UnitFilterSet

    def get_queryset(self):
        user = self.request.user
        links = readable(UnitLink.objects.all(), user, "successor__path") & readable(UnitLink.objects.all(), user,
                                                                                     "predecessor__path")
        return (readable(Unit.objects.all(), user).select_related("parent")
                .prefetch_related(Prefetch("tiers", UnitTier.objects.order_by("valid_from")),
                                  Prefetch("successor_links", links.select_related("successor")),
                                  Prefetch("predecessor_links", links.select_related("predecessor")))
                .order_by("path", "pk"))


@extend_schema(tags=["Bộ tiêu chuẩn"],
               description="Bộ tiêu chuẩn với tiêu chí, chỉ tiêu, điểm, thang điểm, ngưỡng công nhận, nguồn đối chiếu của từng giá trị và ngành thẩm định từng tiêu chí theo tỉnh.")  # noqa: E501
class StandardViewSet(ReadOnly):
    """The standards with their criteria, indicators, points, thresholds, the source of every confirmed value
    and the sectors that appraise each criterion by province (the reader's province(s) and the national
    default). The standards are national: every reader reads them."""

    queryset = Standard.objects.none()  # the schema's model; every request reads get_queryset()

    serializer_class = serializers.StandardSerializer

    def get_queryset(self):
        codes = [""]
        provinces = readable(Unit.objects.provinces(), self.request.user)
        owners = Ownership.objects.select_related("sector").order_by("province_code", "-lead", "sector__code")
        if not self.request.user.sees_everything:
            codes += list(provinces.values_list("code", flat=True))
            owners = owners.filter(province_code__in=codes)
        criteria = Criterion.objects.select_related("default_sector").order_by("number").prefetch_related(
            Prefetch("indicators", Indicator.objects.order_by("number")), Prefetch("ownerships", owners))
        return Standard.objects.prefetch_related(Prefetch("criteria", criteria)).order_by("in_force_from", "pk")


@extend_schema(tags=["Bộ tiêu chuẩn"],
               description="Các ngành thẩm định tiêu chí, với tên theo từng giai đoạn và căn cứ.")  # noqa: E501
class SectorViewSet(ReadOnly):
    """The sectors that own criteria, with their names by period (child affairs: LĐTBXH, then Y tế from
    01/3/2025) and the source of each."""

    queryset = Sector.objects.none()  # the schema's model; every request reads get_queryset()

    serializer_class = serializers.SectorSerializer
    lookup_field = "code"
    lookup_value_regex = r"[a-z0-9_-]{1,20}"

    def get_queryset(self):
        return Sector.objects.prefetch_related(Prefetch("names", SectorName.objects.order_by("valid_from")))


@extend_schema(tags=["Đợt đánh giá"],
               description="Đợt đánh giá hằng năm của các tỉnh, với từng hạn và văn bản đặt hạn.")  # noqa: E501
class RoundViewSet(ReadOnly):
    """The provinces' yearly rounds with each deadline and the text that sets it."""

    queryset = Round.objects.none()  # the schema's model; every request reads get_queryset()

    serializer_class = serializers.RoundSerializer
    filterset_class = filters.RoundFilterSet

    def get_queryset(self):
        return (Round.objects.readable_by(self.request.user).select_related("province", "standard")
                .order_by("-year", "province__code", "pk"))


@extend_schema(tags=["Hồ sơ"],
               description="Hồ sơ của xã: đợt, năm, trạng thái, ngày của các bước, tổng điểm tự đánh giá và sau thẩm định, kết quả, số tiêu chí 0 điểm, số và ngày quyết định; một hồ sơ kèm điểm từng tiêu chí.")  # noqa: E501
class DossierViewSet(ReadOnly):
    """The communes' dossiers: round, year, status, the dates of the acts, self-assessed and final totals, the
    verdict, criteria at 0 and the decision (number, date); one dossier also lists its per-criterion points."""

    queryset = Assessment.objects.none()  # the schema's model; every request reads get_queryset()

    filterset_class = filters.DossierFilterSet
    pagination_class = NewestFirst

    def get_serializer_class(self):
        return serializers.DossierDetailSerializer if self.action == "retrieve" else serializers.DossierSerializer

    def get_queryset(self):
        qs = (Assessment.objects.readable_by(self.request.user)
              .select_related("commune__parent", "round__standard", "decision")
              .order_by("-pk"))  # newest first: the order of the primary key's index, which the paging walks
        if self.action == "retrieve":
            qs = qs.prefetch_related(Prefetch("scores", Score.objects.select_related("criterion")
                                              .order_by("criterion__number")))
        return qs

    def list(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset())
        # one aggregate: how many dossiers the list holds (the paging's count) and their latest change (Last-Modified)
        held = rows.order_by().aggregate(n=Count("pk"), at=Max("updated_at"))
        self.last_modified = held["at"]
        page = self.paginator.paginate_queryset(rows.values_list(*serializers.DOSSIER_COLUMNS), request, view=self,
                                                count=held["n"])
        floats = request.accepted_renderer.format == "json"
        return self.get_paginated_response(serializers.dossier_rows(page, floats=floats))

    def retrieve(self, request, *args, **kwargs):
        dossier = self.get_object()
        self.last_modified = dossier.updated_at
        return Response(self.get_serializer(dossier).data)


@extend_schema(tags=["Quyết định công nhận"],
               description="Quyết định công nhận: số, ngày ký, cơ quan ban hành, người ký, danh sách xã được và không được công nhận.")  # noqa: E501
class DecisionViewSet(ReadOnly):
    """The recognising units' decisions: number, date, issuing body, signer, and the communes recognised and not
    recognised by it (those the reader reads)."""

    queryset = Decision.objects.none()  # the schema's model; every request reads get_queryset()

    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionFilterSet

    def get_queryset(self):
        user = self.request.user
        decided = Assessment.objects.readable_by(user).select_related("commune").order_by("commune__path", "pk")
        return (Decision.objects.readable_by(user).select_related("issuer", "round")
                .prefetch_related(Prefetch("assessments", decided)).order_by("-signed_on", "pk"))


@extend_schema(tags=["Đăng ký xây dựng"],
               description="Đăng ký xây dựng xã phù hợp với trẻ em theo đợt, với các tiêu chí dự kiến khó đạt.")  # noqa: E501
class RegistrationViewSet(ReadOnly):
    """The communes' registrations to build toward the standard in a round's year, with the criteria they
    expected to find hard."""

    queryset = Registration.objects.none()  # the schema's model; every request reads get_queryset()

    serializer_class = serializers.RegistrationSerializer
    filterset_class = filters.RegistrationFilterSet

    def get_queryset(self):
        return (readable(Registration.objects.all(), self.request.user, "commune__path")
                .select_related("commune", "round").prefetch_related("weak_criteria")
                .order_by("-round__year", "commune__path", "pk"))


@extend_schema(tags=["Chỉ tiêu"],
               description="Chỉ tiêu kế hoạch (của đơn vị, của tỉnh, của Chương trình quốc gia) với căn cứ.")  # noqa: E501
class TargetViewSet(ReadOnly):
    """The plan targets the reader reads (its units', its province's and the national programme's), with
    their source, as the targets page lists them (reports.selectors.targets_for)."""

    queryset = Target.objects.none()  # the schema's model; every request reads get_queryset()

    read_perm = REPORTS
    serializer_class = serializers.TargetSerializer
    filterset_class = filters.TargetFilterSet

    def get_queryset(self):
        return reports.targets_for(self.request.user).order_by("unit__code", "kind", "year", "pk")


# --- reports: the pages' selectors, through the pages' filter ----------------------------------------

REPORT_PARAMETERS = [
    OpenApiParameter("year", OpenApiTypes.INT, description="Năm (mặc định: năm gần nhất có hồ sơ)."),
    OpenApiParameter("province", OpenApiTypes.INT, description="Tỉnh (mã số trong API); khóa Trung ương."),
    OpenApiParameter("district", OpenApiTypes.INT, description="Huyện (mã số trong API), trước 01/7/2025."),
]


class Report(Conditional, generics.GenericAPIView):
    """A report page's figures: the filter of the report pages (year, province, district, narrowed to the
    reader: another province is not found), then the page's selector."""

    read_perm = REPORTS
    pagination_class = None
    filter_backends = []

    def build(self, scope):
        raise NotImplementedError

    def scope(self):
        bad = {}
        for name in ("year", "province", "district"):
            value = self.request.query_params.get(name, "")
            if value and not (value.isascii() and value.isdigit() and len(value) <= 18):
                bad[name] = [_("Cần một số nguyên dương.")]
        if bad:
            raise BadFilter(bad)
        form = ReportFilterForm(self.request.query_params, user=self.request.user)
        year = self.request.query_params.get("year")
        if year and int(year) not in form.years:
            raise BadFilter({"year": [_("Không có đợt đánh giá năm này trong phạm vi được đọc.")]})
        scope = form.scope()
        if scope is None:
            raise BadFilter({"year": [_("Chưa có đợt đánh giá nào trong phạm vi được đọc.")]})
        return scope

    def get(self, request, *args, **kwargs):
        scope = self.scope()
        data = self.build(scope)
        data["scope"] = {"year": scope.year, "unit": scope.unit,
                         "history_rule": str(HISTORY_RULE) if scope.has_history() else ""}
        return Response(self.get_serializer(data).data)

    def csv_rows(self, data):
        return data["rows"]


@extend_schema(tags=["Báo cáo"], parameters=REPORT_PARAMETERS,
               description="Tổng hợp theo đơn vị và năm, như trang Báo cáo tổng hợp (cùng bộ chọn số liệu).")  # noqa: E501
class SummaryReport(Report):
    """The summary by unit and year (reports.selectors.summary, the 'Tổng hợp' page)."""

    serializer_class = serializers.SummarySerializer

    def build(self, scope):
        data = reports.summary(scope)
        data["rounds"] = [r.id for r in data["rounds"]]
        data["counts_rule"] = str(data["counts_rule"])
        return data

    def csv_rows(self, data):
        return [*data["rows"], data["total"]]


@extend_schema(tags=["Báo cáo"], parameters=REPORT_PARAMETERS,
               description="Phân tích tiêu chí: số đơn vị 0 điểm, điểm bình quân, đơn vị không được công nhận chỉ vì tiêu chí 0 điểm, như trang Phân tích tiêu chí.")  # noqa: E501
class CriteriaReport(Report):
    """Per criterion: units at 0, average share, units kept out by the zero veto alone
    (reports.selectors.criteria_analysis, the 'Phân tích tiêu chí' page)."""

    serializer_class = serializers.CriteriaAnalysisSerializer

    def build(self, scope):
        return reports.criteria_analysis(scope)


@extend_schema(tags=["Báo cáo"], parameters=REPORT_PARAMETERS,
               description="Tỷ lệ đơn vị đạt chuẩn qua các năm, qua các bộ tiêu chuẩn và đợt sắp xếp năm 2025, như trang Xu hướng.")  # noqa: E501
class TrendReport(Report):
    """The recognised share per year across rounds, standards and the 2025 reform (reports.selectors.trend,
    the 'Xu hướng' page)."""

    serializer_class = serializers.TrendSerializer

    def build(self, scope):
        return reports.trend(scope)

    def csv_rows(self, data):
        rows = [{"unit": None, "label": _("Tổng"), **p} for p in data["total"]]
        for line in data["lines"]:
            rows += [{"unit": line["unit"], "label": line["label"], **p} for p in line["points"]]
        return rows


@extend_schema(tags=["Báo cáo"], parameters=REPORT_PARAMETERS,
               description="Xã được công nhận 3 và 5 năm liên tục đến năm báo cáo, như trang Khen thưởng.")  # noqa: E501
class HoldersReport(Report):
    """Communes recognised three and five years in a row up to the year (reports.selectors.holders, the page of
    consecutive years)."""

    serializer_class = serializers.HoldersSerializer

    def build(self, scope):
        return {"rows": reports.holders(scope)}
