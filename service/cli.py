"""The `ddi` command: validate, check a list, show a drug, export the graph, print statistics, evaluate."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import networkx as nx

from service import DEFAULT_KNOWLEDGE_DIR
from service.evaluation import evaluate, load_table, report
from service.kb import KnowledgeError, load_knowledge
from service.kb.catalogue import UnknownRecord, drug_view, knowledge_stats
from service.kb.vocabulary import SEVERITIES
from service.storage import StoreUnavailable


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit status."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return 1
    except StoreUnavailable as exc:
        print(exc, file=sys.stderr)
        return 4
    except UnknownRecord as exc:
        hint = f" (did you mean: {', '.join(exc.suggestions)}?)" if exc.suggestions else ""
        print(f"{exc}{hint}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ddi", description=__doc__)
    parser.add_argument("--knowledge", type=Path, default=DEFAULT_KNOWLEDGE_DIR, help="knowledge directory")
    commands = parser.add_subparsers(required=True, metavar="command")

    validate = commands.add_parser("validate", help="check a knowledge directory and list every error")
    validate.add_argument("directory", nargs="?", type=Path)
    validate.set_defaults(run=_validate)

    check = commands.add_parser("check", help="check a medication list for interactions")
    check.add_argument("medications", nargs="+", help="names or codes, one per argument")
    check.add_argument("--min-severity", choices=SEVERITIES, default="minor")
    check.add_argument("--condition", action="append", dest="conditions", help="patient condition (repeatable)")
    check.add_argument("--json", action="store_true", help="print the full result as JSON")
    check.set_defaults(run=_check)

    explain = commands.add_parser("explain", help="say why two drugs were or were not flagged")
    explain.add_argument("medications", nargs="+", metavar="drug", help="exactly two names or codes")
    explain.add_argument("--min-severity", choices=SEVERITIES, default="minor")
    explain.add_argument("--json", action="store_true", help="print the full explanation as JSON")
    explain.set_defaults(run=_explain)

    drug = commands.add_parser("drug", help="show what the knowledge holds on one drug")
    drug.add_argument("name", help="any name or code of the drug")
    drug.set_defaults(run=_drug)

    export = commands.add_parser("export", help="write the knowledge graph")
    export.add_argument("--format", choices=("graphml", "json"), default="json")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(run=_export)

    stats = commands.add_parser("stats", help="counts per enzyme, role and strength, and the knowledge's gaps")
    stats.set_defaults(run=_stats)

    judge = commands.add_parser("evaluate", help="recall and false alarms against an interaction table")
    judge.add_argument("table", type=Path, help="a validation table (YAML, as tests/data/label-validation.yaml)")
    judge.add_argument("--misses", type=int, default=20, help="how many missed pairs to list")
    judge.add_argument("--json", action="store_true", help="print the figures as JSON")
    judge.set_defaults(run=_evaluate)

    prune = commands.add_parser("prune", help="delete issued cards and feedback older than the retention")
    prune.add_argument("--days", type=float, help="retention in days (default: DDI_RETENTION_DAYS, else 90)")
    prune.set_defaults(run=_prune)

    migrate = commands.add_parser("migrate", help="apply the PostgreSQL schema migrations (DDI_DATABASE_URL)")
    migrate.set_defaults(run=_migrate)

    accuracy = commands.add_parser("accuracy", help="the exposure model against the knowledge's clinical studies")
    accuracy.add_argument("--markdown", action="store_true", help="print docs/accuracy.md")
    accuracy.add_argument("--json", action="store_true", help="print the figures as JSON")
    accuracy.set_defaults(run=_accuracy)
    return parser


def _validate(args) -> int:
    from service.kb.loader import load_records

    directory = args.directory or args.knowledge
    records = load_records(directory)
    pk = records.pk
    print(
        f"{directory}: valid, version {records.version}, {len(records.drugs)} drugs, "
        f"{len(records.interactions)} curated interactions, {len(records.references)} references, "
        f"{len(pk.get('index-substrates', [])) + len(pk.get('contribution-ratios', []))} contribution ratios, "
        f"{len(pk.get('perpetrator-ratios', []))} perpetrator ratios, {len(pk.get('studies', []))} studies"
    )
    return 0


def _check(args) -> int:
    from service.engine import check_medications
    from service.textreport import render_check

    kb = load_knowledge(args.knowledge)
    result = check_medications(kb, args.medications, min_severity=args.min_severity, conditions=args.conditions)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    else:
        print(render_check(result), end="")
    return 0 if result["complete"] else 3


def _explain(args) -> int:
    from service.engine.pair_explanation import ExplainError, explain_medications

    kb = load_knowledge(args.knowledge)
    try:
        answer = explain_medications(kb, args.medications, args.min_severity)
    except ExplainError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(answer, indent=2, ensure_ascii=False))
        return 0
    names = " + ".join(kb.drug_name(d) for d in answer["drugs"])
    verdict = f"flagged {answer['severity']}" if answer["flagged"] else "not flagged"
    print(f"{names}: {verdict} at min_severity {answer['min_severity']} (knowledge {answer['knowledge_version']})")
    for reason in answer["reasons"]:
        print(f"- [{reason['kind']}] {reason['sentence']}")
    return 0


def _drug(args) -> int:
    kb = load_knowledge(args.knowledge)
    resolution = kb.resolver.resolve(args.name)
    if resolution.product:  # a combination: show every ingredient
        views = [drug_view(kb, match.drug) for match in resolution.ingredients]
        print(json.dumps(views, indent=2, ensure_ascii=False, default=str))
        return 0
    drug_id = resolution.match.drug if resolution.match else args.name
    print(json.dumps(drug_view(kb, drug_id), indent=2, ensure_ascii=False, default=str))
    return 0


def _export(args) -> int:
    kb = load_knowledge(args.knowledge)
    graph = _plain_graph(kb.graph)
    if args.format == "graphml":
        text = "\n".join(nx.generate_graphml(graph)) + "\n"
    else:
        text = json.dumps(nx.node_link_data(graph, edges="edges"), indent=1, ensure_ascii=False, default=str) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _plain_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy whose attributes are plain strings and numbers, as GraphML requires."""
    plain = nx.MultiDiGraph(version=G.graph["version"])
    for key, data in G.nodes(data=True):
        plain.add_node(key, kind=data["kind"], id=data["id"], name=data["name"])
    for source, target, edge_key, data in G.edges(keys=True, data=True):
        attrs = {k: v for k, v in data.items() if isinstance(v, str | int | float | bool) and k != "record"}
        attrs["refs"] = ",".join(data["refs"])
        if "record" in data and "id" in data["record"]:
            attrs["curated_id"] = data["record"]["id"]
            attrs["severity"] = data["record"].get("severity", "")
        plain.add_edge(source, target, key=edge_key, **attrs)
    return plain


def _evaluate(args) -> int:
    kb = load_knowledge(args.knowledge)
    evaluation = evaluate(kb, load_table(args.table))
    if args.json:
        print(json.dumps(evaluation.summary(), indent=2))
    else:
        print(report(evaluation, f"{args.table} against knowledge {kb.version}", args.misses))
    return 0


def _prune(args) -> int:
    from service.storage.maintenance import prune_store

    try:
        print(json.dumps(prune_store(args.days)))
    except ValueError as exc:  # a retention that is not a positive number of days
        print(exc, file=sys.stderr)
        return 2
    return 0


def _migrate(args) -> int:
    from service.storage.maintenance import migrate_database

    print(migrate_database())
    return 0


def _accuracy(args) -> int:
    from service.accuracy import accuracy_report, render_markdown

    report = accuracy_report(load_knowledge(args.knowledge))
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    text = render_markdown(report)
    if not args.markdown:  # the terminal: the figures, without the Markdown preamble
        text = text.split("\n\n", 2)[2]
    print(text, end="")
    return 0


def _stats(args) -> int:
    kb = load_knowledge(args.knowledge)
    print(json.dumps(knowledge_stats(kb), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
