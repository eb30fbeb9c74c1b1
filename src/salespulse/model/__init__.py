"""The data contract, the workspace settings and the calendar."""
