"""The JavaScript that draws the charts, served by the server itself: vl-convert's
bundle of vega, vega-lite and vega-embed (which sets `window.vegaEmbed` and
`window.vega`), built once per vl-convert version and kept in the workspace's cache
folder (building it takes a few seconds)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

_lock = threading.Lock()
_bundle: dict[str, bytes] = {}


def version() -> str:
    from importlib.metadata import version as installed

    return installed("vl-convert-python")


def bundle(cache_dir: Path) -> bytes:
    """The vega-embed bundle (JavaScript), from memory, the cache folder, or built."""
    key = version()
    with _lock:
        if key in _bundle:
            return _bundle[key]
        kept = cache_dir / "web" / f"vega-embed-{key}.js"
        try:
            body = kept.read_bytes()
        except OSError:
            import vl_convert

            build: Any = vl_convert.javascript_bundle  # its default snippet sets the globals
            body = build().encode()
            try:
                kept.parent.mkdir(parents=True, exist_ok=True)
                tmp = kept.with_suffix(".tmp")
                tmp.write_bytes(body)
                tmp.replace(kept)
            except OSError:
                pass  # a read-only workspace: build it again next start
        _bundle[key] = body
        return body
