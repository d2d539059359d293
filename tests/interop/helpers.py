"""Helpers other test modules use to put something in the SATUSEHAT outbox."""

from datetime import date


def queued(place) -> None:
    """One outbox row for an encounter of the place's mother (the status page then lists her)."""
    from siklus.care.models import Encounter
    from siklus.interop.models import OutboxItem, SatusehatConfig

    config, _ = SatusehatConfig.objects.get_or_create(puskesmas=place.puskesmas,
                                                      defaults={"area_code": place.puskesmas.area_code})
    encounter = Encounter.objects.create(person=place.mother, area_code=place.mother.area_code, place="posyandu",
                                         kind="posyandu", on=date(2025, 2, 1))
    OutboxItem.objects.create(config=config, resource_type="Encounter", model="care.encounter",
                              record_id=encounter.pk, record_version=1, area_code=encounter.area_code,
                              person=place.mother, on=encounter.on, priority=2)
