"""On top of the pipeline, evaluation: sets (`sets`), metrics (`metrics`), the seed-set
runner (`run`), the RealTimeQA benchmark (`realtimeqa`) and the report files (`report`).
Nothing in the pipeline imports from here.
"""
