"""The programme store: models, schedule derivation, document import and export."""
