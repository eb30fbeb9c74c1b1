"""The one-on-one packet: the coaching of one rep gathered into an agenda, and written as
tables, Markdown or HTML with charts."""
