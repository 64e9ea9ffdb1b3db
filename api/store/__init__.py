"""What the service keeps: the database, originals, users, corrections, search."""
