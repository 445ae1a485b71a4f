"""Building blocks for the hostile-input tests: strategies, a form parser, a database
fingerprint and a check that messages are Dutch.

Nothing here knows about a particular app: forms are read from the HTML a page serves (as a
browser would see them) and API bodies from the OpenAPI schema, so new apps are covered as
soon as their pages and endpoints exist.
"""

import hashlib
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.apps import apps
from django.db import connection

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

# --------------------------------------------------------------------------- hypothesis

# Bounded so the whole security suite adds a few minutes on two cores. Raise for a deeper
# local run: SECURITY_EXAMPLES=100 SECURITY_RANDOM=1 pytest tests/security
EXAMPLES = int(os.environ.get("SECURITY_EXAMPLES", "6"))
settings.register_profile(
    "security",
    max_examples=EXAMPLES,
    deadline=None,
    # A fixed seed in CI: the same inputs every run, so a failure is never a fluke.
    derandomize=not os.environ.get("SECURITY_RANDOM"),
    database=None,
    print_blob=True,
    # No shrinking unless asked: a failure is reported at once with the input that broke it
    # (shrinking requests that carry megabytes can take minutes).
    phases=[Phase.explicit, Phase.reuse, Phase.generate]
    + ([Phase.shrink] if os.environ.get("SECURITY_SHRINK") else []),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)
SECURITY = settings.get_profile("security")

OMIT = object()  # a field left out of the request

SQL = [
    "' OR '1'='1",
    "1; DROP TABLE residents_resident; --",
    '" OR 1=1 --',
    "%",
    "_",
    "\\",
    "'; SELECT pg_sleep(5); --",
    "1 UNION SELECT username, password FROM accounts_user",
]
MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }}",
    "{% debug %}",
    "${7*7}",
    "<!--",
    "]]>",
    "&lt;&#0;",
]
NUMBERS = [
    "-1",
    "0",
    "-0",
    "1.5",
    "1e309",
    "NaN",
    "Infinity",
    "-Infinity",
    "0x10",
    "9" * 30,
    "-" + "9" * 30,
    "2147483648",
    "9223372036854775808",
    "-9223372036854775809",
    "１２３",  # full-width digits
    "١٢٣",  # Arabic-Indic digits
    "1_000",
    " 7 ",
]
DATES = [
    "2024-02-30",
    "2023-02-29",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "1900-01-01",
    "31-12-2024",
    "2024-13-01",
    "2024-12-31T25:61",
    "gisteren",
    "1970-01-01T00:00:00Z",
    "2024-06-15 12:00",
]
SPECIAL_TEXT = [
    "",
    " ",
    "\t\n\r",
    "\x00",
    "abc\x00def",
    "\x1b[31m",
    "\u202eRTL override",
    "\u200b",
    "\ufeff",
    "😀" * 50,
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "Ω≈ç√∫",
    "ẞ ß İ ı",
    "null",
    "None",
    "undefined",
    "true",
    "../../etc/passwd",
    "%00",
    "%s%s%s%n",
    "\r\nSet-Cookie: x=1",
]
# Kept short enough for the 2.5 MB request limit except one, which must be refused politely.
HUGE = ["A" * 10_001, "Ä" * 70_000, "x" * 1_000_001]
TOO_BIG_FOR_A_REQUEST = "y" * 3_000_000


# Fixed inputs sent to every form and endpoint before the random ones, so the classic
# failures are found on every run, not only when the seed happens to draw them.
CLASSIC_TEXT = ["x" * 60_000, "\x00", "9" * 30, "-1", "9999-12-31", "<script>alert(1)</script>"]
CLASSIC_JSON = ["x" * 60_000, None, [], {"a": 1}, 2**70, -1, "9999-12-31", "\x00", True]


def _printable_text():
    # No surrogates: they cannot be encoded in a request at all.
    return st.text(st.characters(exclude_categories=("Cs",)), max_size=300)


def hostile_text():
    """Any hostile string, as a form field or query parameter would carry it."""
    return st.one_of(
        st.sampled_from(SQL + MARKUP + NUMBERS + DATES + SPECIAL_TEXT),
        st.sampled_from(HUGE),
        _printable_text(),
        st.integers().map(str),
        st.just(TOO_BIG_FOR_A_REQUEST),
    )


def short(value, limit: int = 60):
    """A readable repr of a payload: long strings are cut, with their length."""
    if isinstance(value, str):
        return repr(value) if len(value) <= limit else f"{value[:limit]!r}...({len(value)} chars)"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {short(v, limit)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(short(v, limit) for v in value) + "]"
    return repr(value)


# --------------------------------------------------------------------------- HTML forms


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select", "select-multiple", "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class HtmlForm:
    method: str
    action: str
    fields: list[FormField] = field(default_factory=list)
    enctype: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted({f.name for f in self.fields}))

    @property
    def fuzzable(self) -> list[FormField]:
        return [f for f in self.fields if f.name != "csrfmiddlewaretoken"]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = HtmlForm(
                method=(a.get("method") or "get").lower(),
                action=a.get("action", ""),
                enctype=a.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        if self._form is None or "name" not in a or "disabled" in a:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset"}:
                return
            self._form.fields.append(
                FormField(a["name"], kind, a.get("value", ""), checked="checked" in a)
            )
        elif tag == "select":
            kind = "select-multiple" if "multiple" in a else "select"
            self._select = FormField(a["name"], kind)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a:
                self._select.value = value
        elif tag == "textarea":
            self._textarea = FormField(a["name"], "textarea")
            self._form.fields.append(self._textarea)
        elif tag == "button" and a.get("value"):
            self._form.fields.append(FormField(a["name"], "button", a["value"]))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            # A browser drops the newline that directly follows <textarea>.
            if self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]
            self._textarea = None


def parse_forms(html: str, page_path: str) -> list[HtmlForm]:
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        form.action = urlsplit(form.action).path or page_path
    return parser.forms


def field_values(form_field: FormField, *, valid_date: str):
    """A strategy for one field: its current value, a plausible one, a hostile one or none."""
    unticked = form_field.kind in {"checkbox", "radio"} and not form_field.checked
    current = OMIT if unticked else form_field.value  # what a browser would send
    plausible = [current]
    if form_field.kind in {"select", "select-multiple"}:
        plausible += [o for o in form_field.options if o]
    elif form_field.kind == "date":
        plausible.append(valid_date)
    elif form_field.kind == "number":
        plausible += ["1", "3"]
    elif form_field.kind in {"checkbox", "radio"}:
        plausible.append(form_field.value or "on")
    elif form_field.kind in {"text", "textarea", "search", "email", "tel"}:
        plausible += ["Wijkteam test", "jan@example.nl", "06-12345678"]
    if form_field.name == "version" and form_field.value.isdigit():
        plausible += [str(int(form_field.value) + 1), str(int(form_field.value) - 1)]
    single = st.one_of(st.sampled_from(plausible), hostile_text())
    repeated = st.lists(single, min_size=2, max_size=3).map(
        lambda values: [v for v in values if v is not OMIT] or OMIT
    )  # the same name sent several times
    return st.one_of(single, repeated, st.just(OMIT))


def form_payload(form: HtmlForm, *, valid_date: str):
    """A strategy for the whole POST or GET body, plus now and then an unknown extra field."""
    strategies = {}
    for form_field in form.fuzzable:
        if form_field.kind == "file":
            continue  # uploads are tested separately (test_upload_limits.py)
        strategies.setdefault(form_field.name, field_values(form_field, valid_date=valid_date))
    extra = st.dictionaries(
        st.sampled_from(["id", "pk", "created_by", "team_id", "is_superuser", "state", "x"]),
        hostile_text(),
        max_size=2,
    )
    return st.tuples(st.fixed_dictionaries(strategies), extra).map(_merge)


def _merge(parts):
    body, extra = parts
    merged = {k: v for k, v in extra.items()}
    merged.update({k: v for k, v in body.items() if v is not OMIT})
    return merged


# --------------------------------------------------------------------------- JSON bodies


def _json_scalar_hostile():
    return st.one_of(
        st.sampled_from(SQL + MARKUP + DATES + SPECIAL_TEXT + HUGE[:2]),
        _printable_text(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.none(),
    )


def json_hostile():
    """Any JSON value, scalar or nested, for a property that expects something else."""
    return st.one_of(
        _json_scalar_hostile(),
        st.lists(_json_scalar_hostile(), max_size=3),
        st.dictionaries(st.text(max_size=8), _json_scalar_hostile(), max_size=3),
    )


def json_plausible(prop: dict, resolved_enum: list | None, valid_date: str, known_ids: list[int]):
    kind = prop.get("type")
    fmt = prop.get("format", "")
    if resolved_enum:
        return st.sampled_from(resolved_enum)
    if kind == "integer":
        return st.sampled_from(known_ids + [1, 0])
    if kind == "boolean":
        return st.booleans()
    if kind == "number":
        return st.sampled_from([1.0, 2.5])
    if kind == "array":
        return st.lists(st.sampled_from(known_ids or [1]), max_size=2)
    if fmt == "date":
        return st.just(valid_date)
    if fmt == "date-time":
        return st.just(valid_date + "T10:00:00+01:00")
    if fmt == "email":
        return st.just("jan@example.nl")
    return st.sampled_from(["Wijkteam test", "Een korte toelichting."])


def json_body(properties: dict, *, enums: dict, valid_date: str, known_ids: list[int]):
    """A strategy for a JSON request body built from the schema's properties."""
    strategies = {}
    for name, prop in properties.items():
        if prop.get("readOnly"):
            continue
        plausible = json_plausible(prop, enums.get(name), valid_date, known_ids)
        strategies[name] = st.one_of(plausible, json_hostile(), st.just(OMIT))
    strategies.setdefault(
        "version", st.one_of(st.sampled_from([0, 1, -1, 2**63, "1"]), st.just(OMIT))
    )
    whole = st.fixed_dictionaries(strategies).map(
        lambda d: {k: v for k, v in d.items() if v is not OMIT}
    )
    # Now and then the body as a whole is wrong: not an object, or not JSON at all.
    broken = st.sampled_from([[], "tekst", 42, None, [{}], "RAW:{", "RAW:NaN", "RAW:\x00"])
    return st.one_of(whole, whole, whole, broken)


# --------------------------------------------------------------------------- database

# Tables a refused request may still write: the session, the log of reads (a form page
# logs that the resident was shown), sign-in events and the lockout counters.
VOLATILE_TABLES = {
    "django_session",
    "core_accesslogentry",
    "core_authevent",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
    "otp_static_staticdevice",  # throttling counters of the OTP devices
    "otp_static_statictoken",
    "otp_totp_totpdevice",
}


def log_tables() -> set[str]:
    """Append-only logs (and the audit trail of their inserts): a GET may write these, e.g.
    the record of an export; anything else written by a GET is a bug."""
    from wijkteam.core.models import AppendOnlyModel

    tables = {"auditlog_logentry"}
    for model in apps.get_models():
        if issubclass(model, AppendOnlyModel):
            tables.add(model._meta.db_table)
    return tables


def tracked_tables() -> list[str]:
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.managed and not opts.proxy and opts.db_table not in VOLATILE_TABLES:
            tables.add(opts.db_table)
    return sorted(tables)


def db_fingerprint(tables: list[str]) -> dict[str, str]:
    """A digest of every row of every tracked table: any insert, update or delete shows."""
    digests = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(row) for row in cursor.fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]
    return digests


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in after if before.get(t) != after[t])


# --------------------------------------------------------------------------- Dutch

# Django's and DRF's English defaults: with LANGUAGE_CODE "nl" none may ever be shown.
ENGLISH_DEFAULTS = [
    "This field is required",
    "This field may not be",
    "Enter a valid",
    "Enter a whole number",
    "Enter a number",
    "Select a valid choice",
    "Ensure this value",
    "Ensure this field",
    "Null characters are not allowed",
    "A valid integer is required",
    "A valid number is required",
    "Date has wrong format",
    "Datetime has wrong format",
    "Not a valid string",
    "Must be a valid boolean",
    "is not a valid choice",
    "Invalid pk",
    "Incorrect type",
    "Expected a list of items",
    "Invalid data. Expected a dictionary",
    "JSON parse error",
    "Unsupported media type",
    'Method "',
    "Authentication credentials were not provided",
    "You do not have permission",
    "Not found.",
    "No Resident matches",
    "with this",
    "already exists",
    "Please correct",
    "Nothing has been saved",
    "The changes have been saved",
    "Someone else changed this record",
]
_ENGLISH_WORDS = {
    "the", "this", "field", "must", "enter", "valid", "required", "cannot", "should", "please",
    "your", "value", "ensure", "select", "which", "with", "you", "has", "have", "characters",
    "number", "choice", "invalid", "only", "been", "saved", "is", "not", "be", "a", "an", "of",
    "at", "least", "most", "date", "before", "after", "already", "exists", "may", "are", "to",
    "for", "than", "or", "and", "it", "record", "changed", "when", "there",
}  # fmt: skip
_DUTCH_WORDS = {
    "de", "het", "een", "niet", "van", "en", "veld", "dit", "deze", "geen", "moet", "kan",
    "voer", "geldig", "geldige", "opgeslagen", "is", "zijn", "wordt", "verplicht", "of", "op",
    "te", "in", "met", "voor", "na", "datum", "tekens", "waarde", "keuze", "maximaal",
    "minimaal", "al", "bestaat", "u", "uw", "er", "wijzigingen", "nummer", "gegevens", "mag",
    "moeten", "kunnen", "hebben", "heeft", "dan", "bij", "om", "dat", "die", "ongeldig",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
_CODE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)+")  # an error code such as "invalid_choice"


def looks_english(message: str) -> bool:
    """True when a message reads as English rather than Dutch (a missing translation)."""
    if any(phrase.lower() in message.lower() for phrase in ENGLISH_DEFAULTS):
        return True
    words = [w.lower() for w in _WORD.findall(message)]
    english = sum(w in _ENGLISH_WORDS and w not in _DUTCH_WORDS for w in words)
    dutch = sum(w in _DUTCH_WORDS and w not in _ENGLISH_WORDS for w in words)
    return english >= 2 and english > dutch


class _ErrorTextParser(HTMLParser):
    """Collects the text of error elements (the form component's and Django's defaults)."""

    ERROR_CLASSES = {"field__error", "errorlist", "alert--error", "errornote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.stack: list[bool] = []
        self.messages: list[str] = []
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr"}:
            return
        classes = set((dict(attrs).get("class") or "").split())
        is_error = bool(classes & self.ERROR_CLASSES)
        self.stack.append(is_error)
        if is_error:
            self.depth += 1

    def handle_endtag(self, tag):
        if not self.stack or tag in {"br", "img", "input", "meta", "link", "hr"}:
            return
        if self.stack.pop():
            self.depth -= 1
            if self.depth == 0:
                text = " ".join("".join(self._buffer).split())
                if text:
                    self.messages.append(text)
                self._buffer = []

    def handle_data(self, data):
        if self.depth:
            self._buffer.append(data)


def error_messages(html: str) -> list[str]:
    parser = _ErrorTextParser()
    parser.feed(html)
    return parser.messages


def json_strings(value) -> list[str]:
    """Every human-readable string in a JSON value (error codes are for machines)."""
    if isinstance(value, str):
        return [] if _CODE.fullmatch(value) else [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != "code" for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []
