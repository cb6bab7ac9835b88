"""Subcommands of the ``gutbrain`` CLI; one module each, with ``register(subparsers)``."""
