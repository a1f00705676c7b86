"""SMS reminders: a worker process sends each due reminder once (``flask --app app reminders run``)."""
