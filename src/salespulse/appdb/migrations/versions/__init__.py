"""The revisions, oldest first: 0001 the coaching tables, 0002 users and API tokens,
0003 one-on-ones versioned."""
