"""Who may make each move on an assessment: pure checks over the user and the assessment's unit.

Every service calls one of these before it changes anything, so a move refused here is refused
whatever the page showed. The moves themselves (who, from which state) are the table in
assessments.rules; ``require_move`` checks it and ``available_moves`` lists it for the pages. The
recognising unit is the commune's parent (district before the 2025 reform, province after); nothing
here assumes districts exist.
"""

import rules as predicates  # the rules package; this app's ``rules`` is the moves table
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import (
    has_unit,
    is_commune_officer,
    is_council_chair,
    is_council_member,
    is_district_officer,
    is_national_staff,
    is_provincial_staff,
    is_sector_appraiser,
    is_superuser,
    is_sysadmin,
    role_in,
)
from assessments import rules
from communes.models import Level

# who acts for the recognising unit (the moves table's roles), and who works in it (the council too)
acts_for_recognising_unit = role_in(*rules.RECOGNISING_ROLES)
in_recognising_office = acts_for_recognising_unit | is_council_member


def _within(user, unit):
    return user.unit_id is not None and unit.path.startswith(user.unit.path)


def works_at_recognising_unit(user, commune) -> bool:
    """The user's unit recognises the commune (acts on its dossiers now): the commune's parent, as
    Assessment.objects.recognised_by says in SQL. No query; communes.selectors.recognising_units names
    the recognising unit of a past day."""
    return user.unit_id is not None and user.unit_id == commune.parent_id


def is_appraiser(user, commune, owner=None) -> bool:
    """Whether the user is THE appraiser of this commune's dossier (for ``owner``'s criteria, if given).

    Exactly one office of a sector appraises a dossier: the one at the recognising unit, the
    commune's parent (a district office before 7/2025, the provincial department after). When both a
    district office and a provincial department of the same sector could appraise, the other one
    sees the dossier read-only (it may re-check it in an inspection). The one place of this rule.
    """
    return (user.role == Role.SECTOR_APPRAISER and user.sector_id is not None
            and works_at_recognising_unit(user, commune)
            and (owner is None or user.sector_id == owner.pk))


def appraises_over(user, commune) -> bool:
    """A sector appraiser who appraises this commune's dossier (which sector: see is_appraiser)."""
    return is_appraiser(user, commune)


def relations(user, assessment, needed=None) -> set[str]:
    """How the user's unit stands to the dossier's commune (assessments.rules: OWN_COMMUNE, ...).

    ``needed`` limits the answer to the relations asked about (the owning sector costs the standard's
    owners, kept per process by criteria.reference)."""
    commune, found = assessment.commune, set()
    if user.unit_id is None:
        return found
    if user.unit_id == commune.pk:
        found.add(rules.OWN_COMMUNE)
    if works_at_recognising_unit(user, commune):
        found.add(rules.RECOGNISING_UNIT)
    if (needed is None or rules.OWNING_SECTOR in needed) and appraises_over(user, commune):
        from criteria import reference  # the owners the page shows (kept per process)

        sharers = reference.for_round(assessment.round).sharers  # a sector sharing a criterion sees the dossier
        if user.sector_id in {s.pk for sectors in sharers.values() for s in sectors}:
            found.add(rules.OWNING_SECTOR)
    return found


def available_moves(assessment, user) -> list[rules.Move]:
    """The moves of assessments.rules.MOVES this user may make on this dossier now."""
    needed = {m.where for m in rules.MOVES if user.role in m.who and assessment.status in m.sources}
    if not needed:
        return []
    return rules.available(assessment.status, user.role, relations(user, assessment, needed))


REFUSED = {
    rules.OWN_COMMUNE: lambda c: _("Chỉ cán bộ của chính xã, phường này được chấm điểm và nộp hồ sơ."),
    rules.RECOGNISING_UNIT: lambda c: _("Chỉ cơ quan công nhận (%(unit)s) được thực hiện thao tác này.")
    % {"unit": c.parent},
    rules.OWNING_SECTOR: lambda c: _("Chỉ cán bộ thẩm định của ngành phụ trách trên địa bàn được thẩm định."),
}


def move_refusal(assessment, move) -> str:
    """Why the dossier cannot make ``move`` in its present state."""
    labels = dict(assessment.Status.choices)
    return (_("Không thể chuyển hồ sơ từ trạng thái “%(old)s” sang “%(new)s”.")
            % {"old": labels[assessment.status], "new": labels[move.target]})


def require_move(user, assessment, name, *, check_state=True) -> rules.Move:
    """The service's check before a move: who (PermissionDenied), then the state (ValidationError)."""
    move = rules.move(name)
    if not move.allows(user.role, relations(user, assessment, {move.where})):
        raise PermissionDenied(REFUSED[move.where](assessment.commune))
    if check_state and assessment.status not in move.sources:
        raise ValidationError(move_refusal(assessment, move))
    return move


def require_commune_officer(user, commune):
    if not (user.role == Role.COMMUNE_OFFICER and user.unit_id == commune.pk):
        raise PermissionDenied(_("Chỉ cán bộ của chính xã, phường này được chấm điểm và nộp hồ sơ."))


def require_sector_appraiser(user, commune, owner):
    if user.role != Role.SECTOR_APPRAISER or not _within(user, commune):
        raise PermissionDenied(_("Chỉ cán bộ thẩm định của ngành phụ trách trên địa bàn được thẩm định."))
    if not works_at_recognising_unit(user, commune):  # see is_appraiser: one level appraises, the other reads
        raise PermissionDenied(_("Hồ sơ của %(commune)s do cơ quan ngành cấp %(unit)s thẩm định; "
                                 "bạn chỉ xem được kết quả.") % {"commune": commune, "unit": commune.parent})
    if user.sector_id != owner.pk:
        raise PermissionDenied(
            _("Tiêu chí này do ngành %(sector)s thẩm định, không phải ngành của bạn.") % {"sector": owner})


def require_provincial_staff(user, province):
    if not user.has_perm("assessments.open_round", province):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của %(unit)s được mở đợt đánh giá.") % {"unit": province})


# --- need-to-know for the dossier's files (NĐ 13/2023: evidence may hold children's personal data) ----

def in_recognising_unit(user, commune) -> bool:
    """An officer or council member of the commune's recognising unit (its parent)."""
    return in_recognising_office(user) and works_at_recognising_unit(user, commune)


def needs_to_know(user, assessment, criterion_number=None) -> bool:
    """Whether the user opens the dossier's file without giving a reason.

    The commune's own officers, the recognising unit's officers and council, and the appraisers of the
    criterion the file belongs to (its owners, shared owners included; for the council's minutes, which
    belong to no criterion, the appraisers of the dossier). Everyone else who sees the dossier (other
    sectors, provincial and national staff, the administrator) sees that the file exists and opens it
    only with a reason, which the download log keeps."""
    commune = assessment.commune
    if user.unit_id is not None and user.unit_id == commune.pk and is_commune_officer(user):
        return True
    if in_recognising_unit(user, commune):
        return True
    if not is_appraiser(user, commune):
        return False
    if criterion_number is None:
        return True
    from criteria import reference

    sharers = reference.for_round(assessment.round).sharers.get(criterion_number, ())
    return user.sector_id in {s.pk for s in sharers}


def can_read_download_log(user, assessment) -> bool:
    """The download log of a dossier: its recognising unit and the administrators."""
    return is_sysadmin(user) or user.is_superuser or in_recognising_unit(user, assessment.commune)


# --- the acts of the pages, one predicate each (asked as user.has_perm("assessments.<act>", obj)) ----

@predicates.predicate
def of_own_commune(user, dossier):
    return dossier is not None and user.unit_id is not None and user.unit_id == dossier.commune_id


@predicates.predicate
def of_recognising_unit(user, dossier):
    return dossier is not None and works_at_recognising_unit(user, dossier.commune)


@predicates.predicate
def open_to_the_commune(user, dossier):
    return dossier is not None and dossier.commune_can_edit


@predicates.predicate
def of_the_unit_or_any(user, unit):
    """No unit given (a menu entry), or the user's own unit."""
    return unit is None or user.unit_id == unit.pk


@predicates.predicate
def round_open_to_own_commune(user, round_):
    """The round still takes a new dossier from the user's commune: its recognising unit has not decided
    the round yet (assessments.selectors.closing_decision)."""
    from assessments.selectors import closing_decision

    return round_ is not None and user.unit.level == Level.COMMUNE and closing_decision(round_, user.unit) is None


can_open_round = is_provincial_staff & has_unit & of_the_unit_or_any
# the province's rule for the record of its acts (ProvinceSigning): its own staff, for their own province only
can_set_signing_rule = is_provincial_staff & has_unit & of_the_unit_or_any
can_start = is_commune_officer & has_unit & round_open_to_own_commune  # a new dossier in the round
can_score = is_commune_officer & of_own_commune & open_to_the_commune
can_upload_workbook = is_commune_officer & has_unit
acts_for_dossier = acts_for_recognising_unit & of_recognising_unit
can_decide = acts_for_recognising_unit & has_unit & of_the_unit_or_any  # the unit: the decision's issuer
can_read_merit = in_recognising_office | is_provincial_staff | is_national_staff
# the lists of dossiers, rounds, decisions and communes: whoever works at a unit, the ministry, administrators
can_read_lists = has_unit | is_national_staff | is_sysadmin | is_superuser

predicates.add_perm("assessments.open_round", can_open_round)
predicates.add_perm("assessments.set_signing_rule", can_set_signing_rule)
predicates.add_perm("assessments.start", can_start)
predicates.add_perm("assessments.score", can_score)
predicates.add_perm("assessments.upload_workbook", can_upload_workbook)
predicates.add_perm("assessments.act_for_recognising_unit", acts_for_dossier)
predicates.add_perm("assessments.decide", can_decide)
predicates.add_perm("assessments.read_merit", can_read_merit)
predicates.add_perm("assessments.read_lists", can_read_lists)


def statuses_to_act(user, where) -> list[str]:
    """The states in which the user has a move of the table to make, related by ``where``."""
    return rules.statuses_to_act(user.role, where)


def needs_action(user):
    """The dossiers on which the user has a move of the table now, or whose decision the user's unit has yet to
    issue (``awaiting_issue``), as a condition in SQL (the lists' "cần tôi xử lý"): the states of
    ``statuses_to_act`` for each relation, the commune its own, the recognising unit (the commune's parent:
    ``Assessment.objects.recognised_by``) the others'. Like ``waiting_dossiers``' query, an appraiser's
    dossiers are those its unit recognises in the appraising states (whether the sector owns a criterion of
    the round's standard is asked on the dossier's page)."""
    from django.db.models import Q

    condition = Q(pk__in=[])
    if user.unit_id is None:
        return condition
    by_relation = {rules.OWN_COMMUNE: "commune_id", rules.RECOGNISING_UNIT: "commune__parent_id",
                   rules.OWNING_SECTOR: "commune__parent_id"}
    for where, unit_field in by_relation.items():
        statuses = statuses_to_act(user, where)
        if statuses:
            condition |= Q(**{unit_field: user.unit_id, "status__in": statuses})
    if issues_decisions(user):
        condition |= awaiting_issue(user.unit_id)
    return condition


def issues_decisions(user) -> bool:
    """Whoever records the decision's signed file or scanned original for the recognising unit (as
    ``may_sign_document`` for "decision": its officers and council chair)."""
    return user.unit_id is not None and acts_for_recognising_unit(user)


def awaiting_issue(unit_id):
    """The dossiers of the communes ``unit_id`` recognises whose decision is recorded but not issued yet (its
    verified signed file or scanned paper original not kept: assessments.signing.decision_issue_by)."""
    from django.db.models import Q

    return Q(commune__parent_id=unit_id, decision__isnull=False, decision__issued_at__isnull=True)


def reads_appraisal_row(user, sector, sharers) -> bool:
    """On the appraisal page, a sector's appraiser reads its own sector's rows and the criteria it
    shares; everyone else who sees the dossier reads every row."""
    return not is_sector_appraiser(user) or user.sector_id == sector.pk or user.sector_id in {s.pk for s in sharers}


# who confirms the heading of each document: the commune its own dossier, the recognising unit the rest
HEADING_WHERE = {"request": rules.OWN_COMMUNE, "score_sheet": rules.OWN_COMMUNE, "minutes": rules.OWN_COMMUNE,
                 "appraisal": rules.RECOGNISING_UNIT, "decision": rules.RECOGNISING_UNIT}


def may_confirm_heading(user, assessment, document) -> bool:
    """The issuing unit's officers: the commune's officer for its dossier's documents, the recognising
    unit's officer or council chair for the appraisal report and the decision (not a sector office or a
    council member, who share the unit but do not issue the document)."""
    where = HEADING_WHERE.get(document)
    issuer = is_commune_officer if where == rules.OWN_COMMUNE else acts_for_recognising_unit
    return where is not None and issuer(user) and where in relations(user, assessment, {where})


SIGNED_DOCUMENTS = ("request", "minutes", "appraisal", "decision")


def may_sign_document(user, assessment, document) -> bool:
    """Who prepares a document for digital signing and records it signed (or its scanned paper original):
    the unit that issues it, the same people who confirm its heading (may_confirm_heading)."""
    return document in SIGNED_DOCUMENTS and may_confirm_heading(user, assessment, document)


def panel_kind(user) -> str | None:
    """Which of the home page's dossier panels the user's work needs."""
    if is_commune_officer(user):
        return "commune"
    if is_sector_appraiser(user):
        return "appraiser"
    if in_recognising_office(user):
        return "recognising"
    if is_provincial_staff(user) or is_national_staff(user):
        return "rounds"
    return None


# --- who is told when a dossier moves (assessments.events): the people who act next ------------------

told_of_submission = is_district_officer & has_unit  # the recognising office: accepts or returns it
told_of_appraisal = (is_council_member | is_council_chair) & has_unit  # the council reviews, its chair decides
told_as_commune = is_commune_officer & has_unit  # its own dossier's return, acceptance, appraisal, decision


def told_to_appraise(user, sector_ids) -> bool:
    """An appraiser of one of the sectors owning criteria of the accepted dossier's standard (``sector_ids``)."""
    return is_sector_appraiser(user) and user.sector_id in sector_ids


def told_of_decision_above(user, above) -> bool:
    """The level above the unit that decided: the province's staff over a district's decision (``above``
    the province), the national staff over a province's (``above`` None: the whole country)."""
    if above is None:
        return is_national_staff(user)
    return is_provincial_staff(user) and user.unit_id == above.pk


# --- deadlines: who must act by each (assessments.deadlines) -----------------------------------------

DEADLINE_ACTORS = {
    "registration": (Role.COMMUNE_OFFICER,),
    "submission": (Role.COMMUNE_OFFICER,),
    "appraisal": (Role.DISTRICT_OFFICER, Role.SECTOR_APPRAISER),
    "decision": (Role.DISTRICT_OFFICER, Role.COUNCIL_CHAIR),
    "district_report": (Role.DISTRICT_OFFICER,),
    "report": (Role.PROVINCIAL_STAFF,),
}


def deadlines_of(user) -> set[str]:
    """The deadlines the user's unit must meet in the user's work."""
    return {key for key, roles in DEADLINE_ACTORS.items() if getattr(user, "role", None) in roles}


def reminded(users, key):
    """``users`` (a queryset) narrowed to those reminded of deadline ``key``."""
    return users.filter(role__in=DEADLINE_ACTORS[key])


def dossiers_behind_deadlines(user, dossiers):
    """The dossiers whose acts make the user's unit meet or miss its deadlines: a commune's own, the
    recognising unit's communes; none for the province (its report is its own act)."""
    if is_commune_officer(user):
        return dossiers.filter(commune_id=user.unit_id)
    if is_provincial_staff(user):
        return dossiers.none()
    return dossiers.recognised_by(user.unit_id)
