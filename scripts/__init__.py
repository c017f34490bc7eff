"""Pipeline stages of the data-versioning and differential-privacy study."""
