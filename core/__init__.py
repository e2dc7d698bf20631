"""The bottom layer: errors, settings, text analysis, paths and file helpers.

Nothing here imports from ``index``, ``assistant`` or ``ui``.
"""
