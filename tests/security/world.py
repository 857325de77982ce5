"""The data the permission matrix needs, built through the real services, lazily and per scenario.

Scenarios (what the object in the URL belongs to, seen from the standing cast below):
    own        Thị trấn Khánh Yên / Huyện Văn Bàn / Tỉnh Lào Cai: the cast's own units
    neighbour  Xã Võ Lao: the commune beside the cast's commune, in the same district
    other      Xã Vân Sơn / Huyện Sơn Động / Tỉnh Bắc Giang: another province
    sector     (appraisal only) own commune, a criterion another sector owns

The cast: one user per role on the chain Khánh Yên < Văn Bàn < Lào Cai, plus national staff and a
system administrator without a unit (the `users` fixture of tests/conftest.py). Helpers (other
officers, appraisers of every sector) only move the data forward; the matrix never sends requests
as them. Users, rounds and assessments come from tests/factories.py, moved forward by its `advance`.
"""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Role
from assessments import excel, services
from assessments.models import Assessment
from criteria.models import Sector
from criteria.selectors import owner_map
from inspections import services as inspections
from tests import factories

S = Assessment.Status
ROLES = ("anonymous",) + tuple(r.value for r in Role)
# the states an assessment goes through, in order; each builder stops at the one asked for
PATH = (S.DRAFT, "scored", S.SUBMITTED, S.ACCEPTED, "appraised_all", S.APPRAISED, S.RECOGNISED)


def png_upload(name="minh-chung.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (20, 120, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_upload(name="bao-cao.pdf"):
    """A real one-page PDF: uploads are opened with pypdf, a bare header is refused."""
    from tests.samples import pdf_bytes

    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


class World:
    def __init__(self, standard, units, users):
        self.units, self.standard = units, standard
        self._cache = {}
        owners = owner_map(self.standard, units.province.code)
        self.owners = {n: s for n, s in owners.items()}
        self.cast_sector = owners[1]
        assert users.sector_appraiser.sector == self.cast_sector
        self.cast = {role.value: getattr(users, role.value) for role in Role}

    def once(self, key, build):
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    # --- units and helpers per scenario -------------------------------------------------------

    def commune(self, scenario):
        return {"own": self.units.commune, "sector": self.units.commune, "neighbour": self.units.neighbour,
                "other": self.units.other_commune}[scenario]

    def district(self, scenario):
        return self.units.other_district if scenario == "other" else self.units.district

    def province(self, scenario):
        return self.units.other_province if scenario == "other" else self.units.province

    def officer(self, scenario):
        if scenario in ("own", "sector"):
            return self.cast["commune_officer"]
        return self.once(("officer", scenario),
                         lambda: factories.CommuneOfficerFactory(unit=self.commune(scenario)))

    def recogniser(self, scenario):
        if scenario != "other":
            return self.cast["council_chair"]
        return self.once("recogniser_other", lambda: factories.CouncilChairFactory(unit=self.units.other_district))

    def planner(self, scenario):
        if scenario != "other":
            return self.cast["provincial_staff"]
        return self.once("planner_other", lambda: factories.ProvincialStaffFactory(unit=self.units.other_province))

    def appraiser(self, scenario, sector):
        if scenario != "other" and sector == self.cast_sector:
            return self.cast["sector_appraiser"]
        key = ("appraiser", scenario == "other", sector.pk)
        return self.once(key, lambda: factories.SectorAppraiserFactory(unit=self.district(scenario), sector=sector))

    def rechecker(self, scenario):
        """A department appraiser of the plan's issuing province in the cast appraiser's sector: the one who
        records the re-checked points of that sector's criteria (no role of the cast does: its appraiser
        works at the district)."""
        return self.once(("rechecker", scenario), lambda: factories.SectorAppraiserFactory(
            unit=self.province(scenario), sector=self.cast_sector))

    # --- rounds and assessments ------------------------------------------------------------------

    def round(self, scenario):
        province = self.province(scenario)
        return self.once(("round", province.pk), lambda: factories.RoundFactory(
            province=province, year=2024, standard=self.standard, opened_by=self.planner(scenario),
            registration_due=dt.date(2024, 3, 31)))

    def assessment(self, scenario, state):
        """The scenario commune's 2024 assessment, moved forward through the services to `state`
        (one of PATH; a state it has passed already leaves it where it is)."""
        if state in (S.RECOGNISED, S.NOT_RECOGNISED):  # a decided round takes no new dossier (assessments.start):
            for other in ("own", "neighbour", "other"):  # its other communes start theirs first, as people do
                if self.province(other) == self.province(scenario):
                    self._dossier(other)
        a = self._dossier(scenario)
        appraisers = None
        if PATH.index(state) >= PATH.index("appraised_all"):
            appraisers = {s.code: self.appraiser(scenario, s) for s in set(self.owners.values())}
        a = factories.advance(a, state, officer=self.officer(scenario), recogniser=self.recogniser(scenario),
                              decider=self.recogniser(scenario), appraisers=appraisers)
        self._cache[("assessment", self.commune(scenario).pk)] = a
        return a

    def _dossier(self, scenario):
        return self.once(("assessment", self.commune(scenario).pk), lambda: factories.AssessmentFactory(
            round=self.round(scenario), commune=self.commune(scenario), officer=self.officer(scenario)))

    def score(self, scenario, state=S.DRAFT):
        """A score of the assessment: of the cast appraiser's sector, or of another (scenario "sector")."""
        a = self.assessment(scenario, state)
        numbers = [n for n, s in self.owners.items() if (s == self.cast_sector) != (scenario == "sector")]
        return a.scores.get(criterion__number=min(numbers))

    def evidence(self, scenario):
        def build():
            score = self.score(scenario)
            return services.evidence_add(by=self.officer(scenario), score_id=score.pk,
                                         seen_version=factories.seen(score), upload=png_upload())
        return self.once(("evidence", scenario), build)

    def decision(self, scenario):
        return self.assessment(scenario, S.RECOGNISED).decision

    def template_upload(self, scenario):
        """The round's template for the scenario's commune with one point typed (criterion 1: 1)."""
        from openpyxl import load_workbook

        r = self.round(scenario)
        wb = load_workbook(io.BytesIO(excel.build_template(
            round=r, communes=excel.template_communes(r, self.commune(scenario)))))
        wb.active.cell(excel.FIRST_ROW, 3, 1)
        out = io.BytesIO()
        wb.save(out)
        return SimpleUploadedFile("mau.xlsx", out.getvalue(), content_type=excel.XLSX_CONTENT_TYPE)

    # --- inspection plans ------------------------------------------------------------------------

    def plan(self, scenario, status="draft"):
        """own: Lào Cai's plan covering Văn Bàn, Khánh Yên and Võ Lao; neighbour: Lào Cai's plan
        covering Võ Lao only; other: Bắc Giang's plan covering Sơn Động and Vân Sơn."""
        p = self.once(("plan", scenario), lambda: self._plan(scenario))
        order = ("draft", "approved", "in_progress", "closed")
        for to in order[order.index(p.status) + 1:order.index(status) + 1]:
            inspections.inspection_transition(by=self.planner(scenario), plan_id=p.pk, to=to,
                                              seen_version=factories.plan_seen(p))
        p.refresh_from_db()
        return p

    def _plan(self, scenario):
        by = self.planner(scenario)
        province = self.province(scenario)
        p = inspections.inspection_create(
            by=by, issuer=province, standard=self.standard, title=f"Kiểm tra liên ngành tại {province.name}",
            place=province.name.removeprefix("Tỉnh "), issuer_body=f"ỦY BAN NHÂN DÂN {province.name.upper()}",
            number=f"{province.code}/KH-UBND", review_from_year=2022, review_to_year=2024,
            window_start=dt.date(2025, 3, 3), window_end=dt.date(2025, 3, 21))
        covered = {"own": (self.units.district, self.units.commune, self.units.neighbour),
                   "neighbour": (self.units.neighbour,),
                   "other": (self.units.other_district, self.units.other_commune)}[scenario]
        for unit in covered:
            inspections.inspection_add_unit(by=by, plan_id=p.pk, seen_version=factories.plan_seen(p.pk), unit=unit)
        subteam = inspections.inspection_add_subteam(by=by, plan_id=p.pk, seen_version=factories.plan_seen(p.pk))
        inspections.inspection_add_member(by=by, plan_id=p.pk, seen_version=factories.plan_seen(p.pk),
                                          team_role="head", sector=self.cast_sector,
                                          organisation="Sở Y tế", name="Trần Văn Bình", position="Phó Giám đốc Sở",
                                          subteam=subteam, leads_subteam=True)
        # every department the criteria are assigned to is on the team, in a sub-team (seeds 000, 002)
        for sector in Sector.objects.exclude(pk=self.cast_sector.pk).order_by("code"):
            inspections.inspection_add_member(by=by, plan_id=p.pk, seen_version=factories.plan_seen(p.pk),
                                              team_role="member", sector=sector,
                                              organisation=sector.name, name=f"Cán bộ {sector.short_name}",
                                              position="Phó Trưởng phòng", subteam=subteam)
        inspections.inspection_add_section(by=by, plan_id=p.pk, seen_version=factories.plan_seen(p.pk),
                                           code="A.I", title="Đặc điểm tình hình")
        inspections.inspection_add_section(by=by, plan_id=p.pk, seen_version=factories.plan_seen(p.pk),
                                           code="A.II", title="Kết quả thực hiện")
        inspections.inspection_add_duty(by=by, plan_id=p.pk, seen_version=factories.plan_seen(p.pk),
                                        body="Sở Y tế", text="- Chủ trì tổ chức kiểm tra.")
        communes = [u for u in covered if u.level == "commune"]
        for n, unit in enumerate(communes):
            inspections.inspection_schedule(by=by, plan_id=p.pk, seen_version=factories.plan_seen(p.pk),
                                            unit=unit, date=dt.date(2025, 3, 4 + n),
                                            session="morning")
        p.refresh_from_db()
        return p

    def plan_unit(self, scenario):
        """The unit of a plan's unit-level page: own = the cast's commune in the own plan;
        neighbour = Võ Lao in the same plan (it covers both communes); other = Vân Sơn."""
        return {"own": self.units.commune, "neighbour": self.units.neighbour,
                "other": self.units.other_commune}[scenario]

    def plan_for_unit(self, scenario, status="draft"):
        return self.plan("other" if scenario == "other" else "own", status)

    def unit_report(self, scenario):
        def build():
            p = self.plan_for_unit(scenario, "approved")
            unit = self.plan_unit(scenario)
            reporter = self.officer(scenario if scenario != "own" else "own")
            section = p.outline.first()
            return inspections.inspection_submit_report(by=reporter, plan_id=p.pk, unit=unit,
                                                        seen_version=factories.plan_seen(p.pk),
                                                        answers={section.pk: "Trẻ em được chăm sóc."},
                                                        upload=pdf_upload())
        return self.once(("unit_report", scenario), build)

    def follow_up(self, scenario):
        def build():
            p = self.plan(scenario, "in_progress")
            return inspections.inspection_add_follow_up(
                by=self.planner(scenario), plan_id=p.pk, seen_version=factories.plan_seen(p.pk), action="Bổ sung hồ sơ",
                owner="UBND xã", due_on=dt.date(2025, 6, 30), unit=None)
        return self.once(("follow_up", scenario), build)

    def sectors(self):
        return list(Sector.objects.order_by("pk"))

    # --- report exports ----------------------------------------------------------------------------

    def export_job(self, scenario):
        """A finished PDF export, asked for through the page by the scenario's council chair."""
        def build():
            from django.test import Client
            from django.urls import reverse

            from reports import jobs
            from reports.models import ExportJob

            self.assessment(scenario, S.RECOGNISED)
            client = Client()
            client.force_login(self.recogniser(scenario))
            response = client.post(reverse("reports:export"), {"format": "pdf"})
            assert response.status_code == 302, response.status_code
            job = ExportJob.objects.filter(user=self.recogniser(scenario)).latest("created_at")
            jobs.export_run(job.pk)
            job.refresh_from_db()
            assert job.status == ExportJob.Status.DONE, job.error
            return job
        return self.once(("export", scenario), build)

    def yearly_plan(self, scenario):
        """The scenario province's 2024 plan (planning), with a target and the communes' submission deadline.
        Scenario "district": Văn Bàn's own 2024 plan, drawn up by its office (a district plans before 1/7/2025)."""
        if scenario == "district":
            return self.once(("yearly_plan", scenario), self._district_plan)

        def build():
            from planning import services as planning

            province = self.province(scenario)
            plan = planning.plan_create(
                by=self.planner(scenario), unit=province, year=2024, symbol="KH-UBND", place=province.name[5:],
                title="Xây dựng xã, phường phù hợp với trẻ em năm 2024",
                issuer_body=f"ỦY BAN NHÂN DÂN\n{province.name.upper()}")
            return planning.plan_outline_save(
                by=self.planner(scenario), plan_id=plan.pk, seen_version=plan.version,
                parts=[{"kind": "targets", "heading": "MỤC TIÊU"},
                       {"kind": "organisation", "heading": "TỔ CHỨC THỰC HIỆN"}],
                entries=[{"part": 1, "depth": 2, "kind": "target", "text": "Phấn đấu 60% xã đạt chuẩn.",
                          "target_kind": "recognised", "target_percent": 60, "target_year": 2024},
                         {"part": 2, "depth": 1, "kind": "task", "heading": "UBND các xã", "level": "commune",
                          "text": "Gửi hồ sơ trước ngày 15/11/2024.", "due_on": dt.date(2024, 11, 15),
                          "deadline": "submission"}])
        return self.once(("yearly_plan", scenario), build)

    def _district_plan(self):
        from planning import services as planning

        office, district = self.cast["district_officer"], self.units.district
        plan = planning.plan_create(
            by=office, unit=district, year=2024, symbol="KH-UBND", place="Văn Bàn",
            title="Xây dựng xã, thị trấn phù hợp với trẻ em năm 2024 trên địa bàn huyện",
            issuer_body=f"ỦY BAN NHÂN DÂN\n{district.name.upper()}")
        return planning.plan_outline_save(
            by=office, plan_id=plan.pk, seen_version=plan.version,
            parts=[{"kind": "organisation", "heading": "TỔ CHỨC THỰC HIỆN"}],
            entries=[{"part": 1, "depth": 1, "kind": "task", "heading": "UBND các xã, thị trấn", "level": "commune",
                      "text": "Gửi hồ sơ về huyện trước ngày 10/11/2024.", "due_on": dt.date(2024, 11, 10)}])

    def everywhere(self):
        """Data in both provinces, so that a list leaking the other one shows its names."""
        for scenario in ("own", "other"):
            self.assessment(scenario, S.RECOGNISED)
            self.plan(scenario)
        return {}

    # --- period reviews (issue 27) -------------------------------------------------------------------

    def review_round(self, scenario, state="draft"):
        """A 2023–2024 review of the scenario's district (Văn Bàn; Sơn Động for "other"), opened by its
        office: a part for each of its communes and one for the district. One round per state asked, so a
        part can be a draft in one and sent in another."""
        def build():
            from reviews import services as reviews

            opener = (self.cast["district_officer"] if scenario != "other" else self.once(
                "review_opener_other", lambda: factories.DistrictOfficerFactory(unit=self.units.other_district)))
            return reviews.review_round_open(
                by=opener, kind="final", year_from=2023, year_to=2024,
                title="Tổng kết xây dựng xã phù hợp với trẻ em", commune_due=dt.date(2024, 11, 10),
                unit_due=dt.date(2024, 11, 25))
        return self.once(("review_round", self.district(scenario).pk, state), build)

    def province_review_round(self, state="draft"):
        """A 2023–2024 review of Lào Cai opened by its staff: the levels of 2024, commune → district → province
        (the communes send to Văn Bàn by 10/11, Văn Bàn to the province by 20/11)."""
        def build():
            from reviews import services as reviews

            return reviews.review_round_open(
                by=self.cast["provincial_staff"], kind="final", year_from=2023, year_to=2024,
                title="Tổng kết xây dựng xã phù hợp với trẻ em của tỉnh", commune_due=dt.date(2024, 11, 10),
                district_due=dt.date(2024, 11, 20), unit_due=dt.date(2024, 11, 30))
        return self.once(("province_review_round", state), build)

    def review_part(self, scenario, state="draft"):
        """The scenario's commune's part, every section written; "submitted": sent by its officer. Scenario
        "district": Văn Bàn's part in the province's round of three levels, written by its office (and sent to
        the province)."""
        if scenario == "district":
            return self.once(("review_part", scenario, state), lambda: self._district_review_part(state))

        def build():
            from reviews import services as reviews

            part = self.review_round(scenario, state).parts.get(unit=self.commune(scenario))
            officer = self.officer(scenario)
            part = reviews.part_save(by=officer, part_id=part.pk, seen_version=part.version,
                                     results="Xã duy trì đạt chuẩn.", shortcomings="Thiếu kinh phí.",
                                     lessons="Phối hợp các ngành.", proposals="Bố trí cán bộ chuyên trách.")
            if state == "submitted":
                part = reviews.part_submit(by=officer, part_id=part.pk, seen_version=part.version)
            return part
        return self.once(("review_part", scenario, state), build)

    def _district_review_part(self, state):
        from reviews import services as reviews

        part = self.province_review_round(state).parts.get(unit=self.units.district)
        office = self.cast["district_officer"]
        part = reviews.part_save(by=office, part_id=part.pk, seen_version=part.version,
                                 results="Huyện tổ chức đánh giá hằng năm.", shortcomings="Thiếu kinh phí.",
                                 lessons="Phối hợp các ngành.", proposals="Tăng cán bộ cấp xã.")
        if state == "submitted":
            part = reviews.part_submit(by=office, part_id=part.pk, seen_version=part.version)
        return part

    def reviews_everywhere(self):
        for scenario in ("own", "other"):
            self.review_part(scenario)
        return {}
