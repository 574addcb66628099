# The application image: web (gunicorn), worker and beat (Celery) all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/static-collected

WORKDIR /app
COPY requirements/main.txt requirements/main.txt
RUN pip install --no-cache-dir -r requirements/main.txt
COPY . .
# Into the image, outside the app-var volume, so that an upgrade serves the new files.
RUN SECRET_KEY=collectstatic-only AUDIT_KEYS=build:collectstatic-only \
    python manage.py collectstatic --noinput \
    && useradd --system --home /app statsbidrag \
    && mkdir -p /app/var /app/anchors \
    && chown -R statsbidrag /app/var /app/anchors
USER statsbidrag

EXPOSE 8000
# One worker process per core, four threads each (docs/performance.md).
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--threads", "4", "--access-logfile", "-"]
