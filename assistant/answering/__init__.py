"""Stage 5, answering: the prompts (`prompts`), the grounding of a draft against the
passages (`grounding`, no model needed), the assembly of checked sentences and numbered
citations into an `Answer` (`assembly`) and multiple choice (`choice`).
"""
