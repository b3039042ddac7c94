"""``leavingcare serve``: the HTTP API (``/v1``) and the caseworker pages, for systems not written in Python.

``tokens`` holds the bearer tokens and their roles, ``body`` reads a request's history within its limits,
``problems`` turns the typed errors into RFC 9457 problem documents, ``v1`` and ``pages`` are the
handlers, ``openapi`` publishes the OpenAPI document, and ``app`` puts them together. Handlers call the
functions the command calls and answer with the bytes of the same JSON encoder (``report.jsonout``).
"""
