"""The rule kinds: one module per kind, and the registry that names them."""
