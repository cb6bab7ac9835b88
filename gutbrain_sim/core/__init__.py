"""Plumbing every face uses: user-input errors and checks, parse limits, random streams,
whole-or-nothing output folders and run provenance. No science here."""
