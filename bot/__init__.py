"""Routes: the activity handler, the intent table and the answers to directory questions."""
