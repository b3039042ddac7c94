"""Views of findings for people: the caseworker's text table, JSON, explanations."""
