"""Wires the booking domain into a Flask app: the keyring, the catalogue and the ledger as extensions."""
import logging

from booking.calendar import hk_now
from booking.keyring import Keyring, ring_from_config
from booking.ledger import Ledger
from booking.offices import Catalogue, load_catalogue
from languages import languages_of
from store.connection import redis_of

log = logging.getLogger(__name__)


def init_app(app) -> None:
    """Derive the keyring, load the catalogue (``OFFICES_FILE`` or the default) and attach a ``Ledger`` to ``app``."""
    catalogue = load_catalogue(app.config.get("OFFICES_FILE"), languages_of(app).codes)
    # Tests and rehearsals pass CLOCK (a callable returning an aware datetime) to move time.
    clock = app.config.get("CLOCK") or hk_now
    app.extensions["keyring"] = ring_from_config(app.config)
    app.extensions["catalogue"] = catalogue
    app.extensions["ledger"] = Ledger(redis_of(app), keyring_for(app), catalogue, clock,
                                      bookings_per_number=app.config["BOOKINGS_PER_NUMBER"])


def keyring_for(app) -> Keyring:
    """The app's keyring: SECRET_KEY's keys, then those of SECRET_KEY_PREVIOUS."""
    return app.extensions["keyring"]


def ledger_of(app) -> Ledger:
    """The app's ledger."""
    return app.extensions["ledger"]


def catalogue_of(app) -> Catalogue:
    """The app's office catalogue."""
    return app.extensions["catalogue"]
