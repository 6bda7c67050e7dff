"""`newsld validate`: an offline structured-data checker for any page or file.

read (files, pages, URLs -> RDF graphs, repairing JSON-LD where that is safe)
-> check (three layers of SHACL shapes: schema.org conformance, search-engine
rules, newsld's own policy) -> report (text, JSON, JUnit XML).
"""
