"""Who may make each move on an assessment: pure checks over the user and the assessment's unit.

Every service calls one of these before it changes anything, so a move refused here is refused
whatever the page showed. The moves themselves (who, from which state) are the table in
assessments.rules; ``require_move`` checks it and ``available_moves`` lists it for the pages. The
recognising unit is the commune's parent (district before the 2025 reform, province after); nothing
here assumes districts exist.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import Role
from assessments import rules


def _within(user, unit):
    return user.unit_id is not None and unit.path.startswith(user.unit.path)


def is_appraiser(user, commune, owner=None) -> bool:
    """Whether the user is THE appraiser of this commune's dossier (for ``owner``'s criteria, if given).

    Exactly one office of a sector appraises a dossier: the one at the recognising unit, the
    commune's parent (a district office before 7/2025, the provincial department after). When both a
    district office and a provincial department of the same sector could appraise, the other one
    sees the dossier read-only (it may re-check it in an inspection). The one place of this rule.
    """
    return (user.role == Role.SECTOR_APPRAISER and user.sector_id is not None
            and user.unit_id is not None and user.unit_id == commune.parent_id
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
    if user.unit_id == commune.parent_id:
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
    if user.unit_id != commune.parent_id:  # see is_appraiser: one level appraises, the other reads
        raise PermissionDenied(_("Hồ sơ của %(commune)s do cơ quan ngành cấp %(unit)s thẩm định; "
                                 "bạn chỉ xem được kết quả.") % {"commune": commune, "unit": commune.parent})
    if user.sector_id != owner.pk:
        raise PermissionDenied(
            _("Tiêu chí này do ngành %(sector)s thẩm định, không phải ngành của bạn.") % {"sector": owner})


def require_provincial_staff(user, province):
    if not (user.role == Role.PROVINCIAL_STAFF and user.unit_id == province.pk):
        raise PermissionDenied(_("Chỉ cán bộ cấp tỉnh của %(unit)s được mở đợt đánh giá.") % {"unit": province})


# --- need-to-know for the dossier's files (NĐ 13/2023: evidence may hold children's personal data) ----

RECOGNISING_ROLES = (Role.DISTRICT_OFFICER, Role.COUNCIL_MEMBER, Role.COUNCIL_CHAIR)


def in_recognising_unit(user, commune) -> bool:
    """An officer or council member of the commune's recognising unit (its parent)."""
    return user.role in RECOGNISING_ROLES and user.unit_id is not None and user.unit_id == commune.parent_id


def needs_to_know(user, assessment, criterion_number=None) -> bool:
    """Whether the user opens the dossier's file without giving a reason.

    The commune's own officers, the recognising unit's officers and council, and the appraisers of the
    criterion the file belongs to (its owners, shared owners included; for the council's minutes, which
    belong to no criterion, the appraisers of the dossier). Everyone else who sees the dossier (other
    sectors, provincial and national staff, the administrator) sees that the file exists and opens it
    only with a reason, which the download log keeps."""
    commune = assessment.commune
    if user.unit_id is not None and user.unit_id == commune.pk and user.role == Role.COMMUNE_OFFICER:
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
    return user.role == Role.SYSADMIN or user.is_superuser or in_recognising_unit(user, assessment.commune)
