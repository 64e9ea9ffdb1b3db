"""Getting positioned, NFC-normalised text out of a letter file (PDF, PNG, JPEG, TIFF)."""
