"""Vietnamese language: normalisation, segmentation, and one reader per part of a letter."""
