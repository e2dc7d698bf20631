"""The Gradio web chat (imported only by `souverain serve`)."""
