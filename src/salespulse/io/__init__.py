"""Reading files into the workspace: formats, encodings, column mapping, value parsing,
validation."""
