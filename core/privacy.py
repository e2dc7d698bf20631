"""Nothing leaves the machine by default: every library's phone-home is switched off here.

Applied when ``assistant`` is imported, before chromadb, gradio, huggingface_hub
or LangChain are. ``setdefault`` keeps a value the user set on purpose (say,
``LANGSMITH_TRACING=true`` for their own tracing server), except for Hugging Face
downloads, which stay off because no model is ever fetched at run time.
"""

from __future__ import annotations

import os

OFFLINE_DEFAULTS = {
    # Chroma: no product telemetry (PostHog).
    "ANONYMIZED_TELEMETRY": "False",
    # Gradio: no usage analytics, no version check.
    "GRADIO_ANALYTICS_ENABLED": "False",
    # Hugging Face: no hub calls, no telemetry; models load from local folders only.
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
    # LangChain / LangSmith: no tracing unless the user turns it on.
    "LANGCHAIN_TRACING_V2": "false",
    "LANGSMITH_TRACING": "false",
    # OpenTelemetry (pulled in by gradio's FastAPI and by chromadb): no SDK, no exporter.
    "OTEL_SDK_DISABLED": "true",
    # Tokenizers: no fork warnings in the web server's threads.
    "TOKENIZERS_PARALLELISM": "false",
}
FORCED = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def keep_data_home() -> None:
    """Set the environment so that no library opens a connection on its own."""
    for key, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ.update(FORCED)
