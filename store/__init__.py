"""Redis shared by every part: the connection, every key name, and the call log the line writes."""
