"""The compiled linter for a configuration, built once per process and shared."""

from __future__ import annotations

import os

from ..config import DEFAULT, Config
from ..errors import UsageError

_linters: dict[tuple, object] = {}


def get_linter(config: Config | None = None):
    """The compiled linter for a configuration, built once per process."""
    from ..engine.linter import Linter

    config = config or DEFAULT
    # Rule folders may be relative: the same words mean other folders from another directory.
    key = (config, tuple(os.path.abspath(d) for d in config.rule_dirs))
    linter = _linters.get(key)
    if linter is None:
        linter = _linters[key] = Linter(config)
    return linter


def forget_linters() -> None:
    """Drop the compiled linters, so that edited rule files are read again (a long-running server)."""
    _linters.clear()


def linter_for(config: Config):
    """``get_linter``, with a bad selector in a configuration file reported at its line."""
    from ..config import check_config_selectors, load_config_file

    try:
        linter = get_linter(config)
    except UsageError:
        if config.source:
            from ..rules.model import load_rules

            check_config_selectors(load_config_file(config.source), load_rules(list(config.rule_dirs)))
        raise
    if config.per_path_ignores:
        check_config_selectors(config, linter.all_rules)
    return linter
