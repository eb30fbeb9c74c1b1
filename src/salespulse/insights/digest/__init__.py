"""The weekly digest: for each rep and each manager, what changed since last week, where
the month is heading, wins to celebrate, risks, goals and this week's milestones, action
items due and check-ins missing — as Markdown, self-contained HTML and data.

`builder.digests(ws, for_=..., week=...)` builds them (a list of `result.Digest`);
`digest_markdown.render` and `digest_html.render` write one; `mail.send` mails them. The
goals, action items and check-ins come from the app database as the plain records of
`salespulse.insights.packet.records` (GoalRecord, ActionRecord, CheckInRecord, shared
with the one-on-one packet); without them each section says how to start using it.
"""
