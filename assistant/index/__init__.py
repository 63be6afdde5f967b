"""Stage 3, the index: `store` (chunk vectors in Chroma, articles in SQLite), `ingest`
(corpus folder → embedded chunks, incrementally, with the index signature) and `retrieve`
(question → passages). Import the submodules; this package imports nothing heavy.
"""
