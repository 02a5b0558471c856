"""The store: case streams, their keys and erasure, and the small side streams."""
