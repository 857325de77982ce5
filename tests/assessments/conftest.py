"""Helpers of the assessment tests over the shared `workflow` (tests/conftest.py): dossiers moved
forward through the services by tests/factories.py."""

import pytest

from tests.factories import AssessmentFactory, advance, full_points

__all__ = ["appraise_all", "full_points", "scored_and_submitted"]


def scored_and_submitted(w, commune=None, officer=None, **overrides):
    """The commune's dossier with every criterion at its maximum (or tc<n>=points), submitted."""
    points = {int(k.removeprefix("tc")): v for k, v in overrides.items()}
    return AssessmentFactory(round=w.round, commune=commune or w.units.commune, officer=officer or w.officer,
                             state="submitted", points=points)


def appraise_all(w, a, adjust=None):
    """Every criterion appraised by its sector's appraiser: agreed, or set to adjust[n] with a reason."""
    return advance(a, "appraised_all", appraisers=w.appraisers, appraised=adjust)


@pytest.fixture
def scored_draft(workflow, media):
    """The commune's dossier started and every criterion scored at its maximum, not submitted."""
    from assessments import services

    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    services.scores_save(by=w.officer, assessment_id=a.pk, seen_version=a.version, points=full_points(w.standard))
    return a
