"""The application: the write path, the use cases, the grouped commit, the read caches."""
