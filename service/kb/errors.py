"""Errors raised while reading the knowledge: each names the file, record and field."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class KnowledgeIssue:
    """One problem found in the knowledge files."""

    file: str
    location: str
    message: str
    unknown_id: str | None = field(default=None, compare=False)
    """For an unknown-id error, the id that was not found."""

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        return f"{where}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge has errors; it is never used half-loaded. Carries every issue found."""

    def __init__(self, issues: list[KnowledgeIssue]):
        self.issues = sorted(set(issues))
        count = len(self.issues)
        lines = "\n".join(str(issue) for issue in self.issues[:50])
        more = f"\n... and {count - 50} more" if count > 50 else ""
        super().__init__(f"{count} error(s) in the knowledge:\n{lines}{more}")
