"""Classroom material built from the model: the what-if exercises (``exercises``, ``library``)
and the generated tables in README and docs (``docs_tables``)."""
