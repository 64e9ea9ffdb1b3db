"""What reads letters for the service: in-process workers, Celery, ingest."""
