"""Alliance questionnaires: instruments, scoring, import and their statistics."""
