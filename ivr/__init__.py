"""The telephone line: webhooks, the call engine, flows, prompts and the hooks into the booking domain."""
