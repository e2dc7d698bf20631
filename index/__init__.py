"""Loading, chunking, embedding and storing the corpus; incremental re-indexing.

The privacy defaults are applied here, before any module of this package imports
chromadb, LangChain or a model library.
"""

from core.privacy import keep_data_home

keep_data_home()
