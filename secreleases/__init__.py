# Celery's app loads with Django, so @shared_task binds to it (cookiecutter-django's layout).
from .celery import app as celery_app
