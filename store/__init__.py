"""Redis access shared by the phone line, the booking domain and the CLI."""
