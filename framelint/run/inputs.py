"""What ``check --input`` reads besides files, named apart so the command line need not load the readers."""

INPUT_FORMATS = ("jsonl", "parquet")
PARTITION_BYTES = 8 * 1024 * 1024   # a JSONL partition: whole lines, about this many bytes
