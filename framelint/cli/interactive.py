"""``check --fix --interactive``: each fix shown as a diff, and applied only if accepted.

For a copy desk: ``y`` applies the fix, ``n`` skips it, ``a`` applies it and every fix
after it, ``q`` applies nothing more (what was accepted in the file so far is kept).
"""

from __future__ import annotations

from ..errors import UsageError
from ..run.fixes import apply_one, unified_diff

HELP = ("y - apply this fix\nn - skip it\na - apply this fix and all the others\n"
        "q - apply no more fixes (those accepted so far are kept)\n")


class Review:
    """Asks about each fix on ``answers`` (the terminal), writing the diffs to ``out``."""

    def __init__(self, answers, out) -> None:
        self.answers, self.out = answers, out
        self.mode: str | None = None   # None: ask; "all": accept the rest; "quit": refuse the rest
        self.accepted = self.skipped = 0

    def __call__(self, finding, text: str) -> bool:
        if self.mode == "quit":
            return False
        if self.mode == "all":
            self.accepted += 1
            return True
        out = self.out
        out.write(unified_diff(finding.path, text, apply_one(text, finding), context=1))
        how = "" if finding.applicability == "safe" else f" ({finding.applicability} fix)"
        out.write(f"{finding.path}:{finding.line}:{finding.column}: {finding.code} "
                  f"'{finding.match}' -> '{finding.fix}'{how}\n")
        while True:
            out.write("Apply this fix [y,n,a,q,?]? ")
            out.flush()
            line = self.answers.readline()
            if not line:          # end of input: as q
                out.write("\n")
                self.mode = "quit"
                return False
            answer = line.strip().lower()
            if answer in ("y", "yes"):
                self.accepted += 1
                return True
            if answer in ("n", "no"):
                self.skipped += 1
                return False
            if answer == "a":
                self.mode = "all"
                self.accepted += 1
                return True
            if answer == "q":
                self.mode = "quit"
                return False
            out.write(HELP)


def terminal_review(stdin, out, paths) -> Review:
    """A review that reads answers from standard input, which must be a terminal."""
    if "-" in paths:
        raise UsageError("--interactive: standard input holds the text to check, so it cannot also "
                         "answer questions; give a file")
    if not (hasattr(stdin, "isatty") and stdin.isatty()):
        raise UsageError("--interactive: asks about each fix on the terminal, but standard input is not "
                         "a terminal; run it in one, or review the fixes with --diff")
    return Review(stdin, out)
