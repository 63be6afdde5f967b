"""The Gradio chat UI of news-assistant (`assistant serve`): a thin adapter over `Assistant`."""
