"""The `ddi` command: validate the knowledge, check a medication list, show a drug, export the graph."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from service import DEFAULT_KNOWLEDGE_DIR
from service.kb.errors import KnowledgeError


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ddi", description=__doc__)
    parser.add_argument("--knowledge", type=Path, default=DEFAULT_KNOWLEDGE_DIR, help="knowledge directory")
    commands = parser.add_subparsers(required=True, metavar="command")

    validate = commands.add_parser("validate", help="check a knowledge directory and list every error")
    validate.add_argument("directory", nargs="?", type=Path)
    validate.set_defaults(run=_validate)
    return parser


def _validate(args) -> int:
    from service.kb.loader import load_records

    directory = args.directory or args.knowledge
    records = load_records(directory)
    print(
        f"{directory}: valid, version {records.version}, {len(records.drugs)} drugs, "
        f"{len(records.interactions)} curated interactions, {len(records.references)} references"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
