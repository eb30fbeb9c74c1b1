"""Single signals read from the evidence: funnel drivers, trends, pace to quota,
consistency, ramp, activity habits, deals at risk, leaderboards and KPI lines."""
