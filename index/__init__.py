"""Loading, chunking, embedding and storing the corpus; incremental re-indexing."""
