"""The booking domain: calendar, office catalogue, identity numbers and the Redis ledger.

Plain Python over Redis and a data file: no Flask (except the ``extensions`` and ``cli``
adapters), no phone. Errors are the domain exceptions of ``booking.errors``.
"""
