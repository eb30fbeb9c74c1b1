"""Reports built from KPI results: the scorecard per rep (and per product where there
are only sales), each period set beside the previous one and the team median; the
revenue bridge (why revenue changed between two periods: volume, mix, price, new, lost),
the products report (what sold, ranked, with the Pareto line and the movers),
consistency month to month and where the period will land; goals (progress, weekly
milestones with their drivers, team splits and roll-ups), this week's focus list and a
development plan's focus KPIs.

Reports sit above the engine (they run queries) and below the insights and the Workspace
API, which calls them (`Workspace.scorecard`, `Workspace.products`, `Workspace.bridge`)."""
