"""The WSGI application gunicorn serves.

Outside DEBUG it refuses to start with the public development key: sessions signed with a key
that anyone can read are sessions anyone can forge. Set SECRET_KEY (docs/deploy.md), or start
with `make run`, which keeps a key of its own in var/secret_key.
"""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zoneops.settings")


def refuse_development_key() -> None:
    # The test suite serves itself (schemathesis over this application) with the public key.
    if not settings.DEBUG and not settings.TESTING and settings.SECRET_KEY_IS_DEVELOPMENT:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: refusing to serve with the public development key. "
            "Set SECRET_KEY in the environment (docs/deploy.md), or write a key to "
            f"{settings.SECRET_KEY_FILE} (make run does this on first start)."
        )


refuse_development_key()
application = get_wsgi_application()
