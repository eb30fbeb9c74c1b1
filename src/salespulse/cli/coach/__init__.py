"""`salespulse coach ...`: diagnosis, flags and leaderboards, wins, stretch goals,
peer-coaching pairs and one-on-one packets. A thin shell over `salespulse.insights`:
every number and sentence comes from the library; these modules only print it."""

from __future__ import annotations

import click

from salespulse.cli.coach.diagnose import diagnose_command
from salespulse.cli.coach.flags import flags_command
from salespulse.cli.coach.growth import pairs_command, stretch_command, wins_command
from salespulse.cli.coach.one_on_one import one_on_one_command


@click.group("coach")
def coach_command() -> None:
    """Coaching insights: why reps are behind, who to celebrate, stretch goals, peer pairs
    and one-on-one packets (see docs/coaching.md)."""


for _command in (
    diagnose_command,
    flags_command,
    wins_command,
    stretch_command,
    pairs_command,
    one_on_one_command,
):
    coach_command.add_command(_command)
