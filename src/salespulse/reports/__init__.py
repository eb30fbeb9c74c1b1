"""Reports built from KPI results: the scorecard per rep (and per product where there
are only sales), each period set beside the previous one and the team median; the
products report (what sold, ranked, with the Pareto line and the movers).

Reports sit above the engine (they run queries) and below the Workspace API, which
calls them (`Workspace.scorecard`, `Workspace.products`)."""
