"""The ten record types of the command-line contract, declared once."""

from __future__ import annotations

from casefile.domain.fields import FieldSpec, Kind, RecordSpec, Search, choices
from casefile.i18n import N_

F = FieldSpec

PERSON_STATUS = choices(
    ("at_liberty", N_("at liberty")),
    ("restricted", N_("at liberty under restrictions")),
    ("house_arrest", N_("house arrest")),
    ("pretrial_detention", N_("pre-trial detention")),
    ("serving_sentence", N_("serving a sentence")),
    ("released", N_("released")),
    ("abroad", N_("abroad")),
    ("deceased", N_("deceased")),
)
# Grammatical gender, for declining a name on documents ("от Петровой Анны Сергеевны"):
# guessed from the name when empty, set when the guess is wrong (Шевчук, Черных, Саша).
GENDER = choices(("male", N_("masculine")), ("female", N_("feminine")))
# The statuses of a person held in a facility (an address to write to and send parcels to).
DETAINED = ("pretrial_detention", "serving_sentence")
CASE_STAGE = choices(
    ("investigation", N_("investigation")),
    ("trial", N_("trial")),
    ("appeal", N_("appeal")),
    ("cassation", N_("cassation")),
    ("sentenced", N_("sentenced")),
    ("closed", N_("closed")),
)
MEASURE = choices(
    ("none", N_("none")),
    ("recognizance", N_("written undertaking not to leave")),
    ("prohibition_of_actions", N_("prohibition of certain actions")),
    ("bail", N_("bail")),
    ("house_arrest", N_("house arrest")),
    ("detention", N_("detention")),
)
FACILITY_KIND = choices(
    ("ivs", N_("temporary holding (IVS)")),
    ("sizo", N_("pre-trial detention centre (SIZO)")),
    ("ik", N_("penal colony (IK)")),
    ("prison", N_("prison")),
    ("psychiatric", N_("psychiatric hospital")),
    ("other", N_("other")),
)
PERIOD = choices(("month", N_("per month")), ("year", N_("per year")))
CONTACT_ROLE = choices(
    ("lawyer", N_("lawyer")),
    ("relative", N_("relative")),
    ("member", N_("group member")),
    ("journalist", N_("journalist")),
    ("other", N_("other")),
)
DIRECTION_LETTER = choices(("out", N_("outgoing")), ("in", N_("incoming")))
CHANNEL = choices(
    ("post", N_("post")),
    ("fsin_letter", N_("FSIN-letter")),
    ("via_lawyer", N_("via lawyer")),
    ("email", N_("e-mail")),
    ("other", N_("other")),
)
LETTER_STATUS = choices(
    ("draft", N_("draft")),
    ("sent", N_("sent")),
    ("delivered", N_("delivered")),
    ("answered", N_("answered")),
    ("returned", N_("returned")),
    ("lost", N_("lost")),
)
HEARING_KIND = choices(
    ("measure", N_("measure (extension)")),
    ("preliminary", N_("preliminary hearing")),
    ("trial", N_("trial session")),
    ("verdict", N_("verdict")),
    ("appeal", N_("appeal")),
    ("cassation", N_("cassation")),
    ("other", N_("other")),
)
PARCEL_STATUS = choices(
    ("planned", N_("planned")),
    ("packed", N_("packed")),
    ("sent", N_("sent")),
    ("accepted", N_("accepted")),
    ("refused", N_("refused")),
    ("returned", N_("returned")),
)
PARCEL_KIND = choices(
    ("parcel", N_("parcel")),
    ("small_parcel", N_("small parcel (banderol)")),
    ("handover", N_("hand-over")),
)
EVENT_KIND = choices(
    ("search", N_("search")),
    ("detention", N_("detention")),
    ("arrest", N_("arrest")),
    ("charge", N_("charge")),
    ("measure", N_("change of measure")),
    ("transfer", N_("transfer")),
    ("trial", N_("trial")),
    ("verdict", N_("verdict")),
    ("appeal", N_("appeal")),
    ("release", N_("release")),
    ("other", N_("other")),
)
PAYMENT_DIRECTION = choices(("in", N_("donation in")), ("out", N_("payment out")))

NOTES = F("notes", Kind.LONGTEXT, N_("Notes"), search=Search.BODY, private=True)

PERSON = RecordSpec(
    "person", N_("Person"), N_("People"),
    (
        F("full_name", Kind.TEXT, N_("Full name"), required=True, search=Search.NAME,
          help=N_("As in the case file: surname, first name, patronymic")),
        F("latin_name", Kind.TEXT, N_("Latin spelling"), search=Search.NAME),
        F("birth_year", Kind.INT, N_("Year of birth"), min_value=1900, max_value=2100),
        F("birth_date", Kind.DATE, N_("Date of birth")),
        F("gender", Kind.ENUM, N_("Name declines as"), choices=GENDER,
          help=N_("Grammatical gender for declining the name on documents; empty: guessed "
                  "from the name"), empty=N_("guessed from the name")),
        F("status", Kind.ENUM, N_("Status"), choices=PERSON_STATUS),
        F("facility_id", Kind.REF, N_("Held at"), ref="facility"),
        F("location_checked_on", Kind.DATE, N_("Location confirmed on")),
        F("needs", Kind.LONGTEXT, N_("Needs"), search=Search.BODY, private=True,
          help=N_("Diet, medicine, clothing sizes")),
        NOTES,
    ),
    title_fields=("full_name",),
    list_columns=("full_name", "status", "facility_id", "birth_year"),
    default_sort=("full_name", False),
)

CASE = RecordSpec(
    "case", N_("Case"), N_("Cases"),
    (
        F("title", Kind.TEXT, N_("Title"), required=True, search=Search.TITLE),
        F("case_number", Kind.TEXT, N_("Case number"), search=Search.TITLE),
        F("articles", Kind.STRLIST, N_("Articles"), search=Search.BODY,
          help=N_("e.g. ст. 205.2 ч. 2 УК РФ")),
        F("stage", Kind.ENUM, N_("Stage"), choices=CASE_STAGE),
        F("investigating_body", Kind.TEXT, N_("Investigating body")),
        F("court", Kind.TEXT, N_("Court")),
        F("judge", Kind.TEXT, N_("Judge"), search=Search.NAME),
        F("person_ids", Kind.REFLIST, N_("Defendants"), ref="person"),
        F("lawyer_ids", Kind.REFLIST, N_("Lawyers"), ref="contact"),
        F("measure", Kind.ENUM, N_("Preventive measure"), choices=MEASURE),
        F("measure_until", Kind.DATE, N_("Measure runs out on")),
        F("sentence", Kind.TEXT, N_("Sentence")),
        NOTES,
    ),
    title_fields=("title",),
    list_columns=("title", "case_number", "stage", "measure_until"),
    default_sort=("title", False),
)

FACILITY = RecordSpec(
    "facility", N_("Facility"), N_("Facilities"),
    (
        F("name", Kind.TEXT, N_("Name"), required=True, search=Search.NAME),
        F("kind", Kind.ENUM, N_("Kind"), choices=FACILITY_KIND),
        F("region", Kind.TEXT, N_("Region"), search=Search.BODY),
        F("address", Kind.TEXT, N_("Postal address"), search=Search.BODY),
        F("postal_code", Kind.TEXT, N_("Postal code"), max_length=12),
        F("timezone", Kind.TIMEZONE, N_("Time zone")),
        F("parcel_limit_kg", Kind.NUMBER, N_("Parcel weight limit, kg"),
          min_value=0, max_value=1000),
        F("parcel_limit_period", Kind.ENUM, N_("Limit period"), choices=PERIOD),
        F("parcels_per_period", Kind.INT, N_("Parcels allowed per period"),
          min_value=0, max_value=1000),
        F("not_accepted", Kind.STRLIST, N_("Not accepted")),
        F("rules_checked_on", Kind.DATE, N_("Rules checked with the facility on")),
        NOTES,
    ),
    title_fields=("name",),
    list_columns=("name", "kind", "region", "timezone"),
    default_sort=("name", False),
)

CONTACT = RecordSpec(
    "contact", N_("Contact"), N_("Contacts"),
    (
        F("full_name", Kind.TEXT, N_("Full name"), required=True, search=Search.NAME),
        F("role", Kind.ENUM, N_("Role"), choices=CONTACT_ROLE),
        F("organization", Kind.TEXT, N_("Organization"), search=Search.BODY),
        F("phone", Kind.PHONE, N_("Phone")),
        F("email", Kind.EMAIL, N_("E-mail")),
        F("address", Kind.TEXT, N_("Address")),
        NOTES,
    ),
    title_fields=("full_name",),
    list_columns=("full_name", "role", "organization", "phone"),
    default_sort=("full_name", False),
    first=("role", "lawyer"),
)

LETTER = RecordSpec(
    "letter", N_("Letter"), N_("Letters"),
    (
        F("person_id", Kind.REF, N_("Person"), required=True, ref="person"),
        F("direction", Kind.ENUM, N_("Direction"), choices=DIRECTION_LETTER, default="out"),
        F("channel", Kind.ENUM, N_("Channel"), choices=CHANNEL),
        F("status", Kind.ENUM, N_("Status"), choices=LETTER_STATUS, default="draft"),
        F("sent_on", Kind.DATE, N_("Sent on")),
        F("received_on", Kind.DATE, N_("Received on")),
        F("subject", Kind.TEXT, N_("Subject"), search=Search.TITLE),
        F("body", Kind.LONGTEXT, N_("Text"), search=Search.BODY, private=True),
    ),
    title_fields=("subject",),
    list_columns=("sent_on", "person_id", "direction", "status", "subject"),
    default_sort=("sent_on", True),
)

HEARING = RecordSpec(
    "hearing", N_("Hearing"), N_("Hearings"),
    (
        F("case_id", Kind.REF, N_("Case"), required=True, ref="case"),
        F("starts_at", Kind.DATETIME, N_("Starts at"),
          help=N_("In the court's time zone")),
        F("timezone", Kind.TIMEZONE, N_("Court's time zone")),
        F("court", Kind.TEXT, N_("Court"), search=Search.BODY),
        F("courtroom", Kind.TEXT, N_("Courtroom")),
        F("judge", Kind.TEXT, N_("Judge"), search=Search.NAME),
        F("kind", Kind.ENUM, N_("Kind"), choices=HEARING_KIND),
        F("attendees", Kind.TEXT, N_("Who attends")),
        F("outcome", Kind.LONGTEXT, N_("Outcome"), search=Search.BODY),
        NOTES,
    ),
    title_fields=("kind", "court"),
    list_columns=("starts_at", "case_id", "kind", "court"),
    default_sort=("starts_at", True),
)

PARCEL = RecordSpec(
    "parcel", N_("Parcel"), N_("Parcels"),
    (
        F("person_id", Kind.REF, N_("Person"), required=True, ref="person"),
        F("facility_id", Kind.REF, N_("Facility"), ref="facility"),
        F("kind", Kind.ENUM, N_("Kind"), choices=PARCEL_KIND, default="parcel"),
        F("planned_on", Kind.DATE, N_("Planned on")),
        F("status", Kind.ENUM, N_("Status"), choices=PARCEL_STATUS, default="planned"),
        F("items", Kind.ITEMS, N_("Items")),
        F("packer", Kind.TEXT, N_("Packs")),
        F("carrier", Kind.TEXT, N_("Carries")),
        F("total_weight_g", Kind.INT, N_("Total weight, g"), readonly=True),
        NOTES,
    ),
    title_fields=("planned_on",),
    list_columns=("planned_on", "person_id", "facility_id", "status", "total_weight_g"),
    default_sort=("planned_on", True),
)

EVENT = RecordSpec(
    "event", N_("Event"), N_("Events"),
    (
        F("on", Kind.DATE, N_("Date"), required=True),
        F("kind", Kind.ENUM, N_("Kind"), choices=EVENT_KIND),
        F("description", Kind.LONGTEXT, N_("Description"), search=Search.BODY),
        F("person_id", Kind.REF, N_("Person"), ref="person"),
        F("case_id", Kind.REF, N_("Case"), ref="case"),
    ),
    title_fields=("kind", "on"),
    list_columns=("on", "kind", "person_id", "case_id"),
    default_sort=("on", True),
)

TASK = RecordSpec(
    "task", N_("Task"), N_("Tasks"),
    (
        F("title", Kind.TEXT, N_("Title"), required=True, search=Search.TITLE),
        F("due_on", Kind.DATE, N_("Due on")),
        F("done", Kind.BOOL, N_("Done"), default=False),
        F("person_id", Kind.REF, N_("Person"), ref="person"),
        F("case_id", Kind.REF, N_("Case"), ref="case"),
        NOTES,
    ),
    title_fields=("title",),
    list_columns=("due_on", "title", "done"),
    default_sort=("due_on", False),
)

PAYMENT = RecordSpec(
    "payment", N_("Payment"), N_("Money"),
    (
        F("amount", Kind.DECIMAL, N_("Amount"), required=True),
        F("currency", Kind.TEXT, N_("Currency"), default="RUB", max_length=3),
        F("direction", Kind.ENUM, N_("Direction"), choices=PAYMENT_DIRECTION, default="in"),
        F("on", Kind.DATE, N_("Date")),
        F("purpose", Kind.TEXT, N_("Purpose"), search=Search.TITLE),
        F("person_id", Kind.REF, N_("Person"), ref="person"),
        F("case_id", Kind.REF, N_("Case"), ref="case"),
        NOTES,
    ),
    title_fields=("purpose",),
    list_columns=("on", "direction", "amount", "currency", "purpose"),
    default_sort=("on", True),
)

SPECS: dict[str, RecordSpec] = {
    s.type: s
    for s in (PERSON, CASE, FACILITY, CONTACT, LETTER, HEARING, PARCEL, EVENT, TASK, PAYMENT)
}
TYPES: tuple[str, ...] = tuple(SPECS)
# Every record also has these, kept by the vault rather than written by a person.
META_FIELDS = ("id", "created_at", "updated_at", "local_only")
