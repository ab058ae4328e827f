"""What an import did, per document and in one Dutch line (store stage): the CLI, the import
page and the bench read it."""
from __future__ import annotations

from dataclasses import dataclass, field

from analysis.core import dutch


@dataclass
class DocumentChange:
    document: str
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: bool = False  # identical content was already stored


@dataclass
class ImportReport:
    changes: list[DocumentChange] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(c.added for c in self.changes)

    @property
    def removed(self) -> int:
        return sum(c.removed for c in self.changes)

    @property
    def rewritten(self) -> int:
        """Contributions that were stored before and were written again (a changed document)."""
        return sum(c.unchanged for c in self.changes if not c.skipped)

    @property
    def skipped(self) -> int:
        return sum(1 for c in self.changes if c.skipped)

    def summary_line(self) -> str:
        return (f"{dutch.count(len(self.changes), 'document', 'documenten')}: "
                f"{dutch.count(self.added, 'bijdrage', 'bijdragen')} toegevoegd, "
                f"{dutch.number(self.removed)} verwijderd, "
                f"{dutch.count(self.skipped, 'document', 'documenten')} ongewijzigd")
