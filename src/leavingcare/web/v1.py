"""The versioned JSON API: each answer is the document the command prints with ``--format json``, made
by the same calls and written by the same encoder (``report.jsonout``). Handlers only parse and call."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, Router, get, post
from litestar.params import HeaderParameter, PathParameter, QueryParameter, RawBody

import leavingcare as lc
from leavingcare import cli_input, cli_store, geography
from leavingcare.history import History
from leavingcare.provenance import SCHEMA_VERSION
from leavingcare.report import html, jsonout, kinds, schemas, worklist
from leavingcare.store.port import HistoryStore
from leavingcare.store.recording import Recording, check_id
from leavingcare.store.recording import record as record_lines
from leavingcare.web import body as read
from leavingcare.web.access import audits, needs, token_of
from leavingcare.web.body import BadParameter
from leavingcare.web.problems import LOG
from leavingcare.web.tokens import Capability

JSON = "application/json"
HTML = "text/html; charset=utf-8"
On = Annotated[str, QueryParameter(description="the date: YYYY-MM-DD or 'today' (the date in England)")]
KnownAt = Annotated[
    str | None,
    QueryParameter(
        description="leave out events recorded after this ISO 8601 time (a bare date: midnight UTC); auditors"
    ),
]
Person = Annotated[str, PathParameter(description="the person's id in the store")]
KIND = "a finding kind (GET /v1/schema/explanation lists them)"
KindAsked = Annotated[str, QueryParameter(description=KIND)]
KindPath = Annotated[str, PathParameter(description=KIND)]
VIEW = needs(Capability.VIEW)
RECORD = needs(Capability.RECORD)


def store_of(request: Request[Any, Any, Any]) -> HistoryStore:
    store: HistoryStore = request.app.state.store
    return store


def _json(document: dict[str, Any], *, receipts: bool = True) -> Response[str]:
    """The document as the command prints it; without its receipt for a token that may not audit."""
    if not receipts and "receipt" in document:
        document = {**document, "receipt": None}
    return Response(jsonout.dumps(document), media_type=JSON)


def _kind(value: str) -> str:
    if value not in kinds.known():
        raise BadParameter("kind", "is not a finding kind (GET /v1/schema/explanation lists them)")
    return value


def _posted(request: Request[Any, Any, Any], body: bytes) -> History:
    return History.from_jsonl(read.lines(body, request.headers.get("content-type", JSON)))


def history_of(request: Request[Any, Any, Any], person: str) -> History:
    return store_of(request).history(check_id(person, "person"))


@post("/assess", sync_to_thread=True, guards=[VIEW], status_code=200, opt={"document": "assessment", "body": True})
def assess_posted(request: Request[Any, Any, Any], body: RawBody, on: On, known_at: KnownAt = None) -> Response[str]:
    """What is owed on a date to the person whose history is the body (``assess FILE --format json``)."""
    day, known = read.date("on", on), read.timestamp("known_at", known_at)
    receipts = audits(request, known)
    return _json(jsonout.assessment(lc.assess(_posted(request, body), on=day, known_at=known)), receipts=receipts)


@post("/timeline", sync_to_thread=True, guards=[VIEW], status_code=200, opt={"document": "timeline", "body": True})
def timeline_posted(request: Request[Any, Any, Any], body: RawBody, known_at: KnownAt = None) -> Response[str]:
    """Every finding with its period (``timeline FILE --format json``)."""
    known = read.timestamp("known_at", known_at)
    receipts = audits(request, known)
    return _json(jsonout.timeline(lc.timeline(_posted(request, body), known_at=known)), receipts=receipts)


@post("/explain", sync_to_thread=True, guards=[VIEW], status_code=200, opt={"document": "explanation", "body": True})
def explain_posted(
    request: Request[Any, Any, Any], body: RawBody, on: On, kind: KindAsked, known_at: KnownAt = None
) -> Response[str]:
    """Why a finding of ``kind`` holds on a date, or why not (``explain FILE --on D KIND --format json``)."""
    day, what, known = read.date("on", on), _kind(kind), read.timestamp("known_at", known_at)
    receipts = audits(request, known)
    return _json(lc.explain(_posted(request, body), day, what, known_at=known).to_dict(), receipts=receipts)


@get(
    "/people/{person:str}/assessment",
    sync_to_thread=True,
    guards=[VIEW],
    opt={"document": "assessment", "person": True},
)
def assessment(request: Request[Any, Any, Any], person: Person, on: On, known_at: KnownAt = None) -> Response[str]:
    """``assess --person PERSON --format json``."""
    day, known = read.date("on", on), read.timestamp("known_at", known_at)
    receipts = audits(request, known)
    result = lc.assess(history_of(request, person), on=day, known_at=known)
    return _json(jsonout.assessment(result), receipts=receipts)


@get("/people/{person:str}/timeline", sync_to_thread=True, guards=[VIEW], opt={"document": "timeline", "person": True})
def timeline(request: Request[Any, Any, Any], person: Person, known_at: KnownAt = None) -> Response[str]:
    """``timeline --person PERSON --format json``."""
    known = read.timestamp("known_at", known_at)
    receipts = audits(request, known)
    return _json(jsonout.timeline(lc.timeline(history_of(request, person), known_at=known)), receipts=receipts)


@get(
    "/people/{person:str}/explain/{kind:str}",
    sync_to_thread=True,
    guards=[VIEW],
    opt={"document": "explanation", "person": True},
)
def explanation(
    request: Request[Any, Any, Any], person: Person, kind: KindPath, on: On, known_at: KnownAt = None
) -> Response[str]:
    """``explain --person PERSON --on D KIND --format json``."""
    day, what, known = read.date("on", on), _kind(kind), read.timestamp("known_at", known_at)
    receipts = audits(request, known)
    return _json(lc.explain(history_of(request, person), day, what, known_at=known).to_dict(), receipts=receipts)


@get("/people/{person:str}/report", sync_to_thread=True, guards=[VIEW], opt={"html": True, "person": True})
def report(request: Request[Any, Any, Any], person: Person, on: On, known_at: KnownAt = None) -> Response[str]:
    """The HTML report of one person on a date (``report --person PERSON --html -``)."""
    day, known = read.date("on", on), read.timestamp("known_at", known_at)
    audits(request, known)
    page = html.render_report(history_of(request, person), day, known_at=known, person=person)
    return Response(page, media_type=HTML)


@post(
    "/people/{person:str}/events",
    sync_to_thread=True,
    guards=[RECORD],
    status_code=201,
    opt={"document": "recording", "body": True, "person": True, "conflict": True},
)
def record(
    request: Request[Any, Any, Any],
    body: RawBody,
    person: Person,
    if_match: Annotated[
        str | None,
        HeaderParameter(name="If-Match", description="the version read before (the ETag): 409 if it moved on"),
    ] = None,
) -> Response[str]:
    """Record the person's new events, all or nothing (``record PERSON FILE``); ``recorded_by`` is the
    token's name. ``If-Match`` carries the version the caller read (the ``ETag`` of this answer)."""
    person = check_id(person, "person")
    envelopes = cli_store.person_envelopes(read.lines(body, request.headers.get("content-type", JSON)), person)
    read.server_stamps(envelopes)
    how = Recording(token_of(request).name)
    done = record_lines(store_of(request), person, envelopes, how, expected_version=read.expected_version(if_match))
    document = {
        "schema_version": SCHEMA_VERSION,
        "person": done.person,
        "recorded": len(done.envelopes),
        "already": done.already,
        "version": done.after,
    }
    status = 201 if done.envelopes else 200
    return Response(jsonout.dumps(document), media_type=JSON, status_code=status, headers={"ETag": f'"{done.after}"'})


@get("/worklist", sync_to_thread=True, guards=[VIEW], opt={"document": "worklist"})
def work(
    request: Request[Any, Any, Any],
    on: On,
    days: Annotated[str | None, QueryParameter(description="the window in days (default 28)")] = None,
    authority: Annotated[
        str | None, QueryParameter(description="only the items this authority acts on (GSS code)")
    ] = None,
    overdue_since: Annotated[
        str | None,
        QueryParameter(description="leave out items overdue since before this date (default: a year before on)"),
    ] = None,
) -> Response[str]:
    """What falls due for everyone in the store (``worklist --on D --format json``)."""
    day, window = read.date("on", on), read.days(days, worklist.DEFAULT_DAYS)
    since = None if overdue_since is None else read.date("overdue_since", overdue_since)
    chosen = worklist.choose(
        work_items(store_of(request), day, window), day, authority=authority_code(authority), overdue_since=since
    )
    return _json(worklist.document(chosen, day, window))


def work_items(store: HistoryStore, on: Any, days: int) -> list[worklist.WorkItem]:
    """Everyone's items in the window; a person who cannot be assessed is left out (and counted in the log)."""
    left_out: list[str] = []
    items = worklist.worklist_of_timelines(
        cli_input.answered(store.each_timeline(), lambda person, _: left_out.append(person)), on, days
    )
    if left_out:
        LOG.warning("worklist: %d people could not be assessed and are left out", len(left_out))
    return items


def authority_code(code: str | None) -> str | None:
    if code is not None and geography.lookup(code) is None:
        raise BadParameter("authority", "is not a code in the dataset of English housing and children's authorities")
    return code


@get("/schema/{name:str}", sync_to_thread=True, guards=[VIEW], opt={"schema": True})
def schema(name: Annotated[str, PathParameter(description="event, all, or a document's name")]) -> Response[str]:
    """``leavingcare schema --output NAME`` (``event``: one JSONL line's schema)."""
    if name not in (schemas.EVENT, "all", *schemas.DOCUMENTS):
        raise BadParameter("name", "is not a schema (event, all, or a document's name)")
    return Response(jsonout.dumps(schemas.named(name)), media_type=JSON)


ROUTER = Router(
    "/v1",
    route_handlers=[
        assess_posted,
        timeline_posted,
        explain_posted,
        assessment,
        timeline,
        explanation,
        report,
        record,
        work,
        schema,
    ],
    tags=["v1"],
)
