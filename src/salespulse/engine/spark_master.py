"""Which Spark to compute on: the master URL, chosen from `--spark-master` (or the API's
`spark_master=`), then `SALESPULSE_SPARK_MASTER`, then the `[spark] master` setting,
else `local[2]`; and checked before Spark is asked, so that a mistyped or unreachable
master is a clear message within seconds rather than a minute of Java errors.

Forms: `local`, `local[N]`, `local[*]` (this machine), `spark://host:port[,host:port]`
(a standalone cluster), `yarn`, `k8s://https://host:port` (Kubernetes) and
`sc://host:port` (Spark Connect).
"""

from __future__ import annotations

import os
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlparse

from salespulse.errors import UserError

ENV_VAR = "SALESPULSE_SPARK_MASTER"
TIMEOUT_ENV_VAR = "SALESPULSE_SPARK_TIMEOUT"
DEFAULT_MASTER = "local[2]"
#: Seconds to wait for a cluster to accept salespulse's application (Java's start excluded).
DEFAULT_TIMEOUT = 30.0
#: Seconds to wait for a master's port to answer at all.
PROBE_TIMEOUT = 5.0
FORMS = "local[2], spark://HOST:7077, yarn, k8s://https://HOST:443 or sc://HOST:15002"
DEFAULT_PORTS = {"standalone": 7077, "k8s": 443, "connect": 15002}
_LOCAL = re.compile(r"local(\[(\*|[1-9]\d*)(,[1-9]\d*)?\])?|local-cluster\[\d+, *\d+, *\d+\]")


@dataclass(frozen=True)
class Master:
    """A master URL and where it was given (for messages)."""

    url: str
    origin: str

    @property
    def kind(self) -> str:
        """local, standalone, yarn, k8s or connect (the URL is checked by `check`)."""
        if self.url.startswith("local"):
            return "local"
        if self.url == "yarn":
            return "yarn"
        scheme = self.url.partition("://")[0]
        return {"spark": "standalone", "k8s": "k8s", "sc": "connect"}[scheme]

    def addresses(self) -> list[tuple[str, int]]:
        """The (host, port) pairs to reach: one per master of a standalone cluster."""
        rest = self.url.partition("://")[2]
        if self.kind == "k8s" and "://" in rest:
            rest = rest.partition("://")[2]
        netloc = rest.split("/")[0].split(";")[0]
        out = []
        for part in netloc.split(","):
            parsed = urlparse(f"//{part}")
            out.append((parsed.hostname or "", parsed.port or DEFAULT_PORTS[self.kind]))
        return out


def choose(explicit: str | None, setting: str | None) -> Master | None:
    """The master to use: `explicit` (the flag), the environment variable, the setting;
    None when none names one (a running session, else local[2])."""
    for value, origin in (
        (explicit, "`spark_master`"),
        (os.environ.get(ENV_VAR), ENV_VAR),
        (setting, "the [spark] master setting"),
    ):
        if value and value.strip():
            return check(Master(value.strip(), origin))
    return None


def check(master: Master) -> Master:
    """`master`, when its URL has one of the known forms; else a UserError naming them."""
    url = master.url
    scheme, sep, rest = url.partition("://")
    known = (
        _LOCAL.fullmatch(url) is not None
        or url == "yarn"
        or (sep and scheme in ("spark", "k8s", "sc") and rest)
    )
    if known and sep:
        try:
            bad = any(not host for host, _ in master.addresses())
        except ValueError:  # a port that is not a number
            bad = True
        known = not bad
    if not known:
        raise UserError(
            f"{url!r} ({master.origin}) is not a Spark master URL.",
            fix=f"Use one of {FORMS}.",
        )
    return master


def probe(master: Master) -> None:
    """Raise a UserError when no address of the master accepts a connection within
    PROBE_TIMEOUT seconds (yarn and local masters are not probed)."""
    if master.kind in ("local", "yarn"):
        return
    problems = []
    for host, port in master.addresses():
        try:
            with socket.create_connection((host, port), timeout=PROBE_TIMEOUT):
                return
        except socket.gaierror:
            problems.append(f"there is no host {host!r}")
        except TimeoutError:
            problems.append(f"{host}:{port} did not answer within {PROBE_TIMEOUT:g} s")
        except OSError as exc:
            problems.append(f"{host}:{port} refused the connection ({exc.strerror or exc})")
    raise UserError(
        f"Cannot reach the Spark master {master.url} ({master.origin}): {'; '.join(problems)}.",
        fix=unreachable_fix(master),
    )


def unreachable_fix(master: Master) -> str:
    where = {
        "standalone": "that the master runs (its web page lists its URL as spark://HOST:PORT, "
        "port 7077 by default)",
        "k8s": "that the Kubernetes API server is that one",
        "connect": "that the Spark Connect server runs (start-connect-server.sh, port 15002 by "
        "default)",
    }.get(master.kind, "that the cluster runs")
    return (
        f"Check the host and port, {where}, and that no firewall is in the way; or compute "
        f"on this machine with `spark_master` {DEFAULT_MASTER}."
    )


def timeout() -> float:
    """Seconds to wait for a cluster to take salespulse's application."""
    value = os.environ.get(TIMEOUT_ENV_VAR, "").strip()
    if not value:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise UserError(
            f"{TIMEOUT_ENV_VAR}={value!r} is not a number of seconds.",
            fix=f"Set it to a positive number such as 120, or unset it ({DEFAULT_TIMEOUT:g} s).",
        )
    return seconds
