"""The dossiers' rows are built directly (api.serializers.DossierSerializer.to_representation) for speed: they
are exactly what DRF's generic walk over the declared fields gives."""

from rest_framework import serializers as drf

from api.serializers import DossierDetailSerializer, DossierSerializer
from assessments.models import Assessment


def test_the_direct_rows_are_the_declared_fields(api):
    from tests import factories

    factories.AssessmentFactory(round=api.own.round, commune=api.units.neighbour)  # a draft: no decision, no dates
    for a in Assessment.objects.select_related("commune__parent", "round__standard", "decision"):
        assert DossierSerializer(a).data == drf.ModelSerializer.to_representation(DossierSerializer(), a)
        detail = DossierDetailSerializer(a).data
        assert detail == drf.ModelSerializer.to_representation(DossierDetailSerializer(), a)
        assert list(detail)[-1] == "points" and len(detail["points"]) == 13
