"""The telephone line: webhooks, the call engine, prompts and the terminal phone."""
