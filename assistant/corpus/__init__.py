"""Stage 1, the corpus: article files → cleaned `Article` records → chunks.

`read` parses and cleans one file or a whole folder (broken files are reported, never
raised past `scan`); `chunking` cuts an article into sentence-aware spans that fit the
embedder. Nothing here embeds, stores or touches a model.
"""
