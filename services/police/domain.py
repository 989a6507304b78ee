"""The police case: a recorded crime or incident. Police-specific practice
(crime reference, offence category, investigation outcome) is added here."""

from services.common.case import Case


class PoliceCase(Case):
    pass
