"""Stage 1, the corpus: article files → cleaned `Article` records → chunks.

`read` parses and cleans one file; `folder` finds and reads a folder's articles (broken
files reported, never raised past `scan`) and places added files; `chunking` cuts an
article into sentence-aware spans that fit the embedder. Nothing here embeds, stores or
touches a model.
"""
