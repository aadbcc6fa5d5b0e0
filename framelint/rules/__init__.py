"""Rule files: loading, validation, selection, the meta rules and the rule-set cache."""
