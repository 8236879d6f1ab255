"""Arabic number formats as Sanad writes them (sanad.core.formatting): Latin digits with the full stop
as the decimal mark and the comma between thousands, as in money (12.345 ر.ع.), instead of Django's
Arabic default (a comma for decimals), so a value Django localises (a float in a template, a form
field) reads the same as one the formatting layer writes: 1.2 كم everywhere, never 1,2 كم."""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 0  # Sunday, the first working day
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
