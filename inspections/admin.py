from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from inspections.models import (
    CriterionAssignment,
    Duty,
    Finding,
    FollowUp,
    OutlineSection,
    Plan,
    PlanUnit,
    SubTeam,
    TeamMember,
    UnitConclusion,
    UnitReport,
    Visit,
)


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0


class SubTeamInline(admin.TabularInline):
    model = SubTeam
    extra = 0
    raw_id_fields = ["leader"]


class AssignmentInline(admin.TabularInline):
    model = CriterionAssignment
    extra = 0
    raw_id_fields = ["criterion"]


class PlanUnitInline(admin.TabularInline):
    model = PlanUnit
    extra = 0
    raw_id_fields = ["unit"]


class VisitInline(admin.TabularInline):
    model = Visit
    extra = 0
    raw_id_fields = ["unit"]


class DutyInline(admin.StackedInline):
    model = Duty
    extra = 0


class OutlineInline(admin.StackedInline):
    model = OutlineSection
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "issuer", "window_start", "window_end", "status"]
    list_filter = ["status", "standard"]
    search_fields = ["number", "title", "issuer__name"]
    raw_id_fields = ["issuer", "created_by"]
    inlines = [TeamMemberInline, SubTeamInline, AssignmentInline, PlanUnitInline, VisitInline, DutyInline,
               OutlineInline]


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "unit", "criterion", "sector", "appraised_points", "rechecked_points"]
    list_filter = ["sector"]
    raw_id_fields = ["plan", "unit", "criterion", "recorded_by"]


@admin.register(UnitConclusion)
class UnitConclusionAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "unit", "written_at"]
    raw_id_fields = ["plan", "unit", "written_by"]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "unit", "owner", "due_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["plan", "unit"]


@admin.register(UnitReport)
class UnitReportAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "unit", "submitted_at", "original_name"]
    raw_id_fields = ["plan", "unit", "submitted_by"]
    exclude = ["file"]  # reports may hold personal data: download through the app's checked view
