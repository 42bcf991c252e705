FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint's libraries and a font for the RID PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The runtime set only (no test or lint tools), every file checked against the lock's hashes.
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements.lock
COPY . .
# Static files (the pages', the admin's, Swagger UI's from drf-spectacular-sidecar) are part of the image.
RUN DJANGO_SETTINGS_MODULE=secreleases.settings.production SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
RUN mkdir -p var/media && useradd --create-home --uid 1000 app && chown -R app /app/var
USER app
EXPOSE 8000
CMD ["gunicorn", "secreleases.wsgi:application", "--config", "deploy/gunicorn.conf.py"]
