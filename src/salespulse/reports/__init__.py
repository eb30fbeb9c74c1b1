"""Reports built from KPI results: the scorecard per rep (and per product where there
are only sales), each period set beside the previous one and the team median; the
revenue bridge (why revenue changed between two periods: volume, mix, price, new, lost).

Reports sit above the engine (they run queries) and below the Workspace API, which
calls them (`Workspace.scorecard`, `Workspace.bridge`)."""
