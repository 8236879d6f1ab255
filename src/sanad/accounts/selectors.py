from .identity import normalise_id_number
from .models import CitizenProfile, User


def citizen_by_id_number(id_number: str) -> User | None:
    """The citizen with this civil/resident number, or None. Raises ValidationError if malformed."""
    number = normalise_id_number(id_number)
    profile = CitizenProfile.objects.select_related("user").filter(id_number=number).first()
    return profile.user if profile else None
