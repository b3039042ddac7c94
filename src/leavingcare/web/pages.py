"""The caseworker pages: sign in with a token (kept in an HttpOnly, SameSite=Strict cookie), the worklist
of the people due something in the window, filtered by authority, and each person's HTML report and
timeline. Jinja2 templates, autoescaped; no script."""

from __future__ import annotations

from typing import Annotated, Any

import jinja2
from litestar import Request, Response, Router, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, PathParameter, QueryParameter
from litestar.response import Redirect

import leavingcare as lc
from leavingcare.report import html, text, worklist
from leavingcare.web import body as read
from leavingcare.web import v1
from leavingcare.web.access import COOKIE, SignInNeeded, needs, token_of
from leavingcare.web.problems import respond
from leavingcare.web.tokens import Capability, Finder

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("leavingcare.web", "templates"), autoescape=True, undefined=jinja2.StrictUndefined
)
PAGE = needs(Capability.VIEW, cookie=True)
HTML = "text/html; charset=utf-8"
SIGNED_IN_FOR = 8 * 3600
"""How long the sign-in cookie lasts (seconds): a working day."""
On = Annotated[str, QueryParameter()]
Person = Annotated[str, PathParameter()]


def _page(template: str, status: int = 200, **values: Any) -> Response[str]:
    return Response(TEMPLATES.get_template(template).render(**values), media_type=HTML, status_code=status)


@get("/signin", include_in_schema=False, sync_to_thread=False)
def signin_form() -> Response[str]:
    return _page("signin.html", refused=False)


@post("/signin", include_in_schema=False, status_code=303, sync_to_thread=False)
def signin(
    request: Request[Any, Any, Any], data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
) -> Response[Any]:
    """A known token sets the cookie and leads to the worklist; an unknown one is refused (401)."""
    raw = data.get("token", "").strip()
    tokens: Finder = request.app.state.tokens
    if not raw or tokens.find(raw) is None:
        respond(request, 401, "unauthenticated", "sign-in refused")
        return _page("signin.html", status=401, refused=True)
    answer: Response[Any] = Redirect("/", status_code=303)
    answer.set_cookie(
        COOKIE, raw, max_age=SIGNED_IN_FOR, httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )
    return answer


@post("/signout", include_in_schema=False, status_code=303, sync_to_thread=False)
def signout() -> Response[Any]:
    answer: Response[Any] = Redirect("/signin", status_code=303)
    answer.delete_cookie(COOKIE)
    return answer


@get("/", guards=[PAGE], include_in_schema=False, sync_to_thread=True)
def home(
    request: Request[Any, Any, Any], on: On = "today", authority: Annotated[str | None, QueryParameter()] = None
) -> Response[str]:
    """The people due something in the worklist window, filtered by authority."""
    day = read.date("on", on)
    code = v1.authority_code(authority or None)
    chosen = worklist.choose(v1.work_items(v1.store_of(request), day, worklist.DEFAULT_DAYS), day, authority=code)
    return _page(
        "worklist.html",
        items=chosen.items,
        people=bool(chosen.items),
        on=day.isoformat(),
        days=worklist.DEFAULT_DAYS,
        authority=code,
        signed_in=token_of(request).name,
    )


@get("/people/{person:str}/report", guards=[PAGE], include_in_schema=False, sync_to_thread=True)
def person_report(request: Request[Any, Any, Any], person: Person, on: On = "today") -> Response[str]:
    day = read.date("on", on)
    return Response(html.render_report(v1.history_of(request, person), day, person=person), media_type=HTML)


@get("/people/{person:str}/timeline", guards=[PAGE], include_in_schema=False, sync_to_thread=True)
def person_timeline(request: Request[Any, Any, Any], person: Person, on: On = "today") -> Response[str]:
    day = read.date("on", on)
    shown = text.timeline(lc.timeline(v1.history_of(request, person)))
    return _page("timeline.html", person=person, on=day.isoformat(), text=shown)


def to_signin(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    respond(request, 401, "unauthenticated", "sign-in needed")
    return Redirect("/signin", status_code=303)


ROUTER = Router("/", route_handlers=[signin_form, signin, signout, home, person_report, person_timeline])
HANDLERS = {SignInNeeded: to_signin}
