"""An example output format, to show that a format is one module plus one registry line:
tab-separated values, one finding a row."""

NEEDS_SOURCE = SHOWS_EVERY_FILE = HUMAN = PROGRESS = POINTS_AT_FILE_LINES = STREAMING = False


def render(report, out):
    out.write("path\tline\tcolumn\tcode\tmessage\n")
    for f in report.findings:
        out.write(f"{f.path}\t{f.line}\t{f.column}\t{f.code}\t{f.message}\n")
